def log = new File(basedir, 'build.log').text
assert log =~ /threadlint: \d{2,} files/
assert log.contains(' 0 findings')
assert log.contains('BUILD SUCCESS')
