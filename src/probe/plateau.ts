/** Options of {@link ReduceLROnPlateau}; defaults are the reference probe's. */
export interface PlateauOptions {
  /** Epochs without improvement tolerated before a reduction (default 5). */
  patience?: number;
  /** Multiplier applied to the learning rate (default 0.2). */
  factor?: number;
  /** Lower bound of the learning rate (default 1e-5). */
  minLr?: number;
  /** Relative improvement needed to count as better (default 1e-4). */
  threshold?: number;
  /** Epochs to wait after a reduction before counting again (default 0). */
  cooldown?: number;
}

/** Serializable scheduler state, for checkpoints. */
export interface PlateauState {
  lr: number;
  best: number;
  badEpochs: number;
  cooldownLeft: number;
}

/**
 * Learning-rate schedule of PyTorch's `ReduceLROnPlateau` in mode "max"
 * with relative threshold. A score counts as better when it exceeds
 * best x (1 + threshold). After more than `patience` epochs that are not
 * better, the rate becomes max(lr x factor, minLr) and the count restarts.
 * As in PyTorch, a change under 1e-8 is skipped.
 */
export class ReduceLROnPlateau {
  lr: number;
  best = -Infinity;
  badEpochs = 0;
  cooldownLeft = 0;
  readonly patience: number;
  readonly factor: number;
  readonly minLr: number;
  readonly threshold: number;
  readonly cooldown: number;

  constructor(initialLr: number, options: PlateauOptions = {}) {
    this.lr = initialLr;
    this.patience = options.patience ?? 5;
    this.factor = options.factor ?? 0.2;
    this.minLr = options.minLr ?? 1e-5;
    this.threshold = options.threshold ?? 1e-4;
    this.cooldown = options.cooldown ?? 0;
    if (!(this.factor > 0 && this.factor < 1)) {
      throw new RangeError(`plateau factor must be in (0, 1), got ${this.factor}`);
    }
  }

  /** Records one epoch's score; returns the learning rate to use next. */
  step(score: number): number {
    if (score > this.best * (1 + this.threshold)) {
      this.best = score;
      this.badEpochs = 0;
    } else {
      this.badEpochs++;
    }
    if (this.cooldownLeft > 0) {
      this.cooldownLeft--;
      this.badEpochs = 0;
    }
    if (this.badEpochs > this.patience) {
      const reduced = Math.max(this.lr * this.factor, this.minLr);
      if (this.lr - reduced > 1e-8) this.lr = reduced;
      this.cooldownLeft = this.cooldown;
      this.badEpochs = 0;
    }
    return this.lr;
  }

  state(): PlateauState {
    return { lr: this.lr, best: this.best, badEpochs: this.badEpochs, cooldownLeft: this.cooldownLeft };
  }

  restore(state: PlateauState): void {
    this.lr = state.lr;
    this.best = state.best;
    this.badEpochs = state.badEpochs;
    this.cooldownLeft = state.cooldownLeft;
  }
}
