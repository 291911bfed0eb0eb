/**
 * The signed results stored at the station (`storedSignedResults`), posted to the district once
 * everything is pushed; each signature once per run, the district's answers kept in the state.
 */
import { storedSignedResults } from '../bundle';
import type { SyncConfig, SyncRun } from './context';
import type { SyncStatusBoard } from './status';

export class ResultUploader {
  private readonly posted = new Set<string>();
  private uploading = false;
  private readonly config: SyncConfig;
  private readonly run: SyncRun;
  private readonly board: SyncStatusBoard;

  constructor(config: SyncConfig, run: SyncRun, board: SyncStatusBoard) {
    this.config = config;
    this.run = run;
    this.board = board;
  }

  /** Posts the results not posted yet, over the open session (none: nothing to do). */
  async upload(): Promise<void> {
    const current = this.run.session;
    if (!this.config.postResults || this.uploading || !current) return;
    this.uploading = true;
    try {
      for (const result of await storedSignedResults(this.config.db)) {
        const signature = (result as { signature?: unknown } | null)?.signature;
        if (typeof signature !== 'string' || this.posted.has(signature) || this.run.session !== current) continue;
        try {
          const answer = (await current.client.postResult(result)) as { round?: unknown; status?: unknown } | null;
          this.posted.add(signature);
          this.board.noteResult(typeof answer?.round === 'number' ? answer.round : null, typeof answer?.status === 'string' ? answer.status : 'received');
          this.board.succeeded('result');
          this.board.update();
        } catch (error) {
          this.board.failed('result', error, undefined, current.controller.signal);
        }
      }
    } catch (error) {
      this.board.failed('result', error);
    } finally {
      this.uploading = false;
    }
  }
}
