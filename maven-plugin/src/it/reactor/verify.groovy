def log = new File(basedir, 'build.log').text
assert log.contains('a/src/main/java/demo/Starter.java:[5,26] [thread-run-direct]')
assert new File(basedir, 'a/target/threadlint/threadlint.sarif').text.contains('thread-run-direct')
assert !new File(basedir, 'b/target/threadlint/threadlint.sarif').text.contains('"ruleId"')
assert !new File(basedir, 'target/threadlint/threadlint.sarif').exists()
assert log.contains('BUILD SUCCESS')
