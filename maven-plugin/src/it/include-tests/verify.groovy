def log = new File(basedir, 'build.log').text
assert log.contains('StarterTest.java:[6,7] [thread-run-direct]')
