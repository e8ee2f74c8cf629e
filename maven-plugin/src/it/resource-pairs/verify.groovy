// the log of the last invocation: the one with the pair declared
def log = new File(basedir, 'build.log').text
def file = new File(basedir, 'src/main/java/demo/Client.java').canonicalPath
assert log.contains("[WARNING] ${file}:[11,14] [semaphore-not-released]")
assert log.contains('threadlint found 1 finding(s) at or above warning')
assert log.contains('BUILD FAILURE')
def sarif = new File(basedir, 'target/threadlint/threadlint.sarif').text
assert sarif.contains('"ruleId" : "semaphore-not-released"')
assert !sarif.contains('"startLine" : 17')
