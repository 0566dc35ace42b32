/** Serializable state of an early stopper, for checkpoints. */
export interface EarlyStoppingState {
  patience: number;
  bestScore: number | null;
  counter: number;
  stopped: boolean;
}

/**
 * Early stopping on a score where higher is better, with the reference's
 * rule. The first score is the best. A later score that is not strictly
 * greater than the best adds one to a counter, and training stops when the
 * counter reaches `patience`. A strictly greater score resets the counter.
 * The encoder trainer feeds it the negated validation loss, the probes
 * their validation accuracy.
 */
export class EarlyStopping {
  readonly patience: number;
  bestScore: number | null = null;
  counter = 0;
  stopped = false;

  constructor(patience: number) {
    if (!Number.isInteger(patience) || patience < 1) {
      throw new RangeError(`patience must be a positive integer, got ${patience}`);
    }
    this.patience = patience;
  }

  /** Records one validation score; returns true if it is a new best. */
  update(score: number): boolean {
    if (Number.isNaN(score)) throw new Error("early stopping: validation score is NaN");
    if (this.bestScore === null || score > this.bestScore) {
      this.bestScore = score;
      this.counter = 0;
      return true;
    }
    this.counter++;
    if (this.counter >= this.patience) this.stopped = true;
    return false;
  }

  state(): EarlyStoppingState {
    return { patience: this.patience, bestScore: this.bestScore, counter: this.counter, stopped: this.stopped };
  }

  static fromState(state: EarlyStoppingState): EarlyStopping {
    const stopper = new EarlyStopping(state.patience);
    stopper.bestScore = state.bestScore;
    stopper.counter = state.counter;
    stopper.stopped = state.stopped;
    return stopper;
  }
}
