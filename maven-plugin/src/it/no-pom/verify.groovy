assert !new File(basedir, 'pom.xml').text.contains('threadlint')
def log = new File(basedir, 'build.log').text
def file = new File(basedir, 'src/main/java/demo/Starter.java').canonicalPath
assert log.findAll(/threadlint-maven-plugin:[^:]+:check \(default-cli\)/).size() == 2
assert log.count("[WARNING] ${file}:[6,7] [thread-run-direct]") == 2
assert new File(basedir, 'target/threadlint/threadlint.sarif').text.contains('thread-run-direct')
assert log.contains('BUILD SUCCESS')
