def log = new File(basedir, 'build.log').text
assert log.contains('threadlint: 1 files')
assert log.contains('0 findings')
assert new File(basedir, 'target/threadlint/threadlint.sarif').exists()
