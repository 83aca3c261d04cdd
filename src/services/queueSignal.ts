// "Messages were queued": the services that create READY messages (sending, pending chunks,
// the scheduler) say so here, and a dispatcher in the same process listens so it starts at
// once instead of at its next poll. Part of Deps from construction; nobody patches it later.
export class QueueSignal {
  private readonly registered = new Set<() => void>();

  /** Tells every listener; cheap, and harmless when nothing was actually queued. */
  notify(): void {
    for (const listener of this.registered) listener();
  }

  /** How many listen (a local dispatcher does; none with DISPATCHER=false). */
  get listeners(): number {
    return this.registered.size;
  }

  /** Adds a listener (the local dispatcher's wake-up); returns how to remove it. */
  listen(listener: () => void): () => void {
    this.registered.add(listener);
    return () => this.registered.delete(listener);
  }
}
