package demo.b;

import demo.a.Account;

/** Audits the last account while holding the ledger's monitor: Ledger, then Account. */
public class Ledger {
  private Account last;

  public synchronized void record(Account account, long amount) {
    last = account;
  }

  public synchronized long audit() {
    return last.balance();
  }
}
