package demo;

/** A home-grown limit on concurrent calls: take a permission, give it back on completion. */
public class Bulkhead {
  private final Object guard = new Object();
  private int free;

  public Bulkhead(int limit) {
    this.free = limit;
  }

  public void acquirePermission() {
    synchronized (guard) {
      if (free == 0) {
        throw new IllegalStateException("bulkhead full");
      }
      free--;
    }
  }

  public boolean tryAcquirePermission() {
    synchronized (guard) {
      if (free == 0) {
        return false;
      }
      free--;
      return true;
    }
  }

  public void onComplete() {
    synchronized (guard) {
      free++;
    }
  }
}
