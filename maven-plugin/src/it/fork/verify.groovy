// the same gate as the failing project's, run in a JVM of its own: same log, failure and reports
def log = new File(basedir, 'build.log').text
def file = new File(basedir, 'src/main/java/demo/Starter.java').canonicalPath
assert log.contains('threadlint: analysing in a JVM of its own (threadlint.fork)')
assert log.contains("[WARNING] ${file}:[6,7] [thread-run-direct]")
assert log.contains('threadlint: 1 files, ')
assert log.contains('threadlint found 1 finding(s) at or above warning')
assert log.contains('thread-run-direct (1)')
assert log.contains('BUILD FAILURE')
assert !log.contains('(analysis JVM)') // the analysis JVM printed nothing of its own
assert new File(basedir, 'target/threadlint/threadlint.sarif').text.contains('"ruleId" : "thread-run-direct"')
assert new File(basedir, 'target/threadlint/threadlint.txt').exists()
// the request and outcome files are gone
def fork = new File(basedir, 'target/threadlint/fork')
assert !fork.exists() || fork.list().length == 0
