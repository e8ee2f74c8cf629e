def log = new File(basedir, 'build.log').text
def other = new File(basedir, 'src/main/java/demo/Other.java').canonicalPath
def starter = new File(basedir, 'src/main/java/demo/Starter.java').canonicalPath
assert log.contains("[WARNING] ${other}:[6,7] [thread-run-direct]")
assert !log.contains("[WARNING] ${starter}")
assert log.contains('1 new findings count, 1 existing findings on unchanged lines do not')
assert log.contains('existing: src/main/java/demo/Starter.java:6:7: warning: [thread-run-direct]')
assert log.contains('threadlint found 1 finding(s) at or above warning')
assert log.contains('BUILD FAILURE')
