/** The stream notes EspoCRM writes by itself, and the one note-number sequence shared with posts. */
import type { Rec } from './records.ts';
import { type StreamAuthor, streamNote } from './stream.ts';

export class StreamLog {
  readonly notes: Rec[] = [];
  private number = 0;

  constructor(private readonly ids: () => string) {}

  nextNumber(): number {
    return ++this.number;
  }

  add(
    parent: { type: string; id: string },
    author: StreamAuthor,
    at: string,
    type: string,
    fields: Rec,
  ): void {
    this.notes.push(streamNote(this.ids(), this.nextNumber(), at, author, parent, { type, ...fields }));
  }

  /** System notes of a record (its own stream). */
  forParent(id: string): Rec[] {
    return this.notes.filter((n) => n.parentId === id);
  }
}
