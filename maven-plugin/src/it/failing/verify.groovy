def log = new File(basedir, 'build.log').text
def file = new File(basedir, 'src/main/java/demo/Starter.java').canonicalPath
assert log.contains("[WARNING] ${file}:[6,7] [thread-run-direct]")
assert log.contains('threadlint found 1 finding(s) at or above warning')
assert log.contains('thread-run-direct (1)')
assert log.contains('mvn threadlint:baseline')
assert log.contains('BUILD FAILURE')
assert new File(basedir, 'target/threadlint/threadlint.sarif').text.contains('"ruleId" : "thread-run-direct"')
assert new File(basedir, 'target/threadlint/threadlint.txt').exists()
