/**
 * Lets at most `perTurn` callers through per turn of the event loop; the others wait, in order,
 * for the next turns. A flood of webhooks then does a bounded amount of work between two looks
 * at the sockets, so a dashboard's request that arrives meanwhile is answered within that turn
 * instead of behind every webhook that arrived with it.
 */
export class TurnGate {
  private passed = 0;
  private readonly waiting: (() => void)[] = [];
  private nextTurn: NodeJS.Immediate | null = null;

  constructor(private readonly perTurn: number) {}

  /** Resolves when the caller may go on: at once while this turn has room. */
  pass(): Promise<void> {
    this.armNextTurn();
    if (this.passed < this.perTurn && this.waiting.length === 0) {
      this.passed += 1;
      return Promise.resolve();
    }
    return new Promise((resolve) => this.waiting.push(resolve));
  }

  get queued(): number {
    return this.waiting.length;
  }

  private armNextTurn(): void {
    this.nextTurn ??= setImmediate(() => {
      this.nextTurn = null;
      const now = this.waiting.splice(0, this.perTurn);
      this.passed = now.length;
      for (const go of now) go();
      if (this.waiting.length > 0 || this.passed > 0) this.armNextTurn();
    });
  }
}
