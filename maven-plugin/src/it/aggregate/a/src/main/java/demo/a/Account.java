package demo.a;

import demo.b.Ledger;

/** Posts to the ledger while holding the account's monitor: Account, then Ledger. */
public class Account {
  private final Ledger ledger;
  private long balance;

  public Account(Ledger ledger) {
    this.ledger = ledger;
  }

  public synchronized void post(long amount) {
    balance += amount;
    ledger.record(this, amount);
  }

  public synchronized long balance() {
    return balance;
  }
}
