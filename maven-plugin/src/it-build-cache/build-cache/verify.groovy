def log = new File(basedir, 'build.log').text
// the first build analyses and saves the build, the second restores it and skips the check
assert log.contains('threadlint: 1 files')
assert log.contains('Skipping plugin execution (cached): threadlint:check')
assert new File(basedir, 'target/threadlint/threadlint.sarif').exists()
