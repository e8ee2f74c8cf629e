def log = new File(basedir, 'build.log').text
assert log.contains('[ERROR] ') && log.contains('[thread-started-twice]')
assert log.contains('threadlint found 1 finding(s) at or above error')
assert log.contains('[WARNING] ') && log.contains('[thread-run-direct]')
