// A repository of the project's own, inside the cloned IT directory: Starter's finding is on
// main; the feature branch adds Other with the same bug.
def git(String... args) {
  def command = ['git', '-c', 'user.name=it', '-c', 'user.email=it@threadlint.invalid',
                 '-c', 'commit.gpgsign=false'] + args.toList()
  def process = command.execute(null, basedir)
  def out = process.text
  assert process.waitFor() == 0: "git ${args.join(' ')}: ${out}"
}
git('init', '-q', '-b', 'main')
git('add', 'pom.xml', 'src')
git('commit', '-q', '-m', 'old finding')
git('checkout', '-q', '-b', 'feature')
new File(basedir, 'src/main/java/demo/Other.java').text =
    new File(basedir, 'src/main/java/demo/Starter.java').text.replace('Starter', 'Other')
git('add', 'src')
git('commit', '-q', '-m', 'new finding')
return true
