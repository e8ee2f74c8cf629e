def log = new File(basedir, 'build.log').text
assert log.contains('0 findings')
assert log.contains('5 suppressed')
assert log.contains('BUILD SUCCESS')
