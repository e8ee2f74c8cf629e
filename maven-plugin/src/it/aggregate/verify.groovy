def log = new File(basedir, 'build.log').text
// each module alone: clean
assert !new File(basedir, 'a/target/threadlint/threadlint.sarif').text.contains('"ruleId"')
assert !new File(basedir, 'b/target/threadlint/threadlint.sarif').text.contains('"ruleId"')
assert log.count('threadlint: 1 files, ') == 2
// the aggregate: both modules, one report set at the root, the cycle found
assert log.contains('threadlint: analysing 2 source roots of 3 projects together')
def ledger = new File(basedir, 'b/src/main/java/demo/b/Ledger.java').canonicalPath
assert log.contains("[WARNING] ${ledger}:[14,17] [lock-order-inversion]")
def sarif = new File(basedir, 'target/threadlint/threadlint.sarif').text
assert sarif.contains('"ruleId" : "lock-order-inversion"')
assert sarif.contains('b/src/main/java/demo/b/Ledger.java')
assert sarif.contains('a/src/main/java/demo/a/Account.java')
assert log.contains('threadlint found 1 finding(s) at or above warning')
assert log.contains('BUILD FAILURE')
