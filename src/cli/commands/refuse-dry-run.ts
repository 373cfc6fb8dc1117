import { BerthError } from '../../errors.js';
import type { CommandContext } from '../command-context.js';

/** `--dry-run` shows `up`'s plan; commands without a plan refuse it rather than act. */
export function refuseDryRun(context: CommandContext, command: string): void {
  if (context.flags().dryRun === true) throw new BerthError('invalid_argument', `--dry-run is supported by \`up\` only for now; run \`berth ${command}\` without it`);
}
