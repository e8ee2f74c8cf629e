def log = new File(basedir, 'build.log').text
assert log.contains('threadlint: skipped')
assert !new File(basedir, 'target/threadlint/threadlint.sarif').exists()
