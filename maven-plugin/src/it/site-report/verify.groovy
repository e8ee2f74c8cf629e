def page = new File(basedir, 'target/site/threadlint.html')
assert page.exists()
def html = page.text
assert html.contains('Findings by rule')
assert html.contains('docs/rules/thread-run-direct.md')
assert html.contains('Findings by file')
assert html.contains('src/main/java/demo/Starter.java')
assert html.contains('Thread.run() called where start() was meant')
assert new File(basedir, 'build.log').text.contains('BUILD SUCCESS')
