// A finding that was fixed leaves its baseline entry behind: check names it so it can be removed.
def log = new File(basedir, 'build.log').text
assert log.contains('1 baseline entries in')
assert log.contains('no longer found: src/main/java/demo/Fine.java:6 [thread-run-direct]')
assert log.contains('BUILD SUCCESS')
