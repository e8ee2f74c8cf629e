def log = new File(basedir, 'build.log').text
assert new File(basedir, 'threadlint-baseline.json').text.contains('"rule" : "thread-run-direct"')
assert log.contains('1 in the baseline')
assert log.contains('BUILD SUCCESS')
