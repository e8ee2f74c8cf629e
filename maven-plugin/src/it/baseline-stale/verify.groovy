// A finding that was fixed leaves its baseline entry behind: check names it so it can be removed.
def log = new File(basedir, 'build.log').text
assert log.contains('baseline absorbed 0 findings; 1 entries no longer match and can be removed')
assert log.contains('no longer found: src/main/java/demo/Fine.java:6 [thread-run-direct]')
assert log.contains('BUILD SUCCESS')
