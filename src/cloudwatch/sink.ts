import {
  CloudWatchLogsClient,
  CreateLogGroupCommand,
  CreateLogStreamCommand,
  DescribeLogStreamsCommand,
  GetLogEventsCommand,
  PutLogEventsCommand,
  PutRetentionPolicyCommand,
  type CloudWatchLogsClientConfig,
  type RejectedLogEventsInfo,
} from '@aws-sdk/client-cloudwatch-logs';
import { Input } from '../constants.js';
import { ActionError, errorMessage } from '../errors.js';
import { retrying, sleep as defaultSleep, type BackoffSchedule, type Sleep } from '../retry.js';
import { compareLogIds, isAuth0Log, newerLogId } from '../logs/log.js';
import type { LogSink, PutOutcome, SinkBatch, StreamTail } from '../pipeline/ports.js';

/** For one PutLogEvents batch; after the last attempt the run gives up (its progress is kept). */
const PUT_BACKOFF: BackoffSchedule = { baseMs: 500, maxMs: 20_000, attempts: 8 };
/**
 * Pauses before each read of the stream's tail after a put whose outcome is unknown: CloudWatch makes
 * new events readable only after a short delay, so one early look could miss a stored batch.
 */
const SETTLE_DELAYS_MS = [1_000, 2_000, 3_000];
/** How far back from its newest event the tail is read for the newest log_id. */
const TAIL_WINDOW_MS = 15 * 60_000;
const TAIL_MAX_PAGES = 10;

export interface CloudWatchSinkOptions {
  logGroup: string;
  logStream: string;
  region: string;
  credentials?: { accessKeyId: string; secretAccessKey: string; sessionToken?: string };
  createIfMissing: boolean;
  retentionDays?: number;
  log?: (message: string) => void;
  sleep?: Sleep;
  random?: () => number;
  signal?: AbortSignal;
}

export interface CloudWatchSinkStats {
  puts: number;
  putRetries: number;
  /** Puts whose outcome was unknown (timeout, dropped connection, 5xx) and that were found stored. */
  putsFoundStored: number;
  /** Events in those puts: the duplicates a blind resend would have stored. */
  eventsFoundStored: number;
  tailReads: number;
  createdGroup: boolean;
  createdStream: boolean;
}

export type StreamPresence = 'yes' | 'no-group' | 'no-stream';

/** Writes batches to one CloudWatch Logs stream, one put at a time, without losing or repeating one. */
export class CloudWatchSink implements LogSink {
  readonly stats: CloudWatchSinkStats = {
    puts: 0,
    putRetries: 0,
    putsFoundStored: 0,
    eventsFoundStored: 0,
    tailReads: 0,
    createdGroup: false,
    createdStream: false,
  };
  /** For reads and creations: the SDK's own retries are safe there. */
  private readonly client: CloudWatchLogsClient;
  /**
   * For PutLogEvents: no SDK retries. The SDK resends a put after a timeout or a reset, and since the
   * service no longer checks sequence tokens, a put that had landed would be stored twice.
   */
  private readonly putClient: CloudWatchLogsClient;
  private readonly sleep: Sleep;
  private readonly random: () => number;
  private readonly log: (message: string) => void;

  constructor(private readonly options: CloudWatchSinkOptions) {
    const base: CloudWatchLogsClientConfig = {
      region: options.region,
      credentials: options.credentials,
      requestHandler: {
        connectionTimeout: 10_000,
        requestTimeout: 60_000,
        throwOnRequestTimeout: true,
      },
    };
    this.client = new CloudWatchLogsClient({ ...base, maxAttempts: 5 });
    this.putClient = new CloudWatchLogsClient({ ...base, maxAttempts: 1 });
    this.sleep = options.sleep ?? defaultSleep;
    this.random = options.random ?? Math.random;
    this.log = options.log ?? (() => undefined);
  }

  close(): void {
    this.client.destroy();
    this.putClient.destroy();
  }

  /** Makes sure the group and stream exist, creating them when allowed. */
  async prepare(): Promise<void> {
    const exists = await this.streamExists();
    this.refuseMissing(exists);
    if (exists !== 'yes') await this.create(exists === 'no-group');
  }

  /** Throws, saying how to fix it, when the group or stream is missing and may not be created. */
  refuseMissing(exists: StreamPresence): void {
    if (exists === 'yes' || this.options.createIfMissing) return;
    const { logGroup, logStream, region } = this.options;
    const what =
      exists === 'no-group'
        ? `The log group '${logGroup}' does not exist`
        : `The log stream '${logStream}' does not exist in the log group '${logGroup}'`;
    throw new ActionError(
      `${what} in ${region}. Create it, or set '${Input.CreateIfMissing}: true' to let the action create it.`,
    );
  }

  /** The newest log_id already in the stream, read from its tail; undefined when there is none. */
  async newestLogId(): Promise<StreamTail | undefined> {
    this.stats.tailReads += 1;
    let newest: StreamTail | undefined;
    let newestTimestamp: number | undefined;
    let nextToken: string | undefined;
    for (let page = 0; page < TAIL_MAX_PAGES; page += 1) {
      const response = await this.call('GetLogEvents', () =>
        this.client.send(
          new GetLogEventsCommand({
            logGroupName: this.options.logGroup,
            logStreamName: this.options.logStream,
            startFromHead: false,
            nextToken,
          }),
          { abortSignal: this.options.signal },
        ),
      );
      const events = response.events ?? [];
      for (const event of events) {
        const log = parseLog(event.message);
        if (log && newerLogId(newest?.logId, log.log_id) === log.log_id) {
          newest = { logId: log.log_id, date: log.date };
        }
        newestTimestamp = Math.max(newestTimestamp ?? -Infinity, event.timestamp ?? -Infinity);
      }
      const oldestInPage = events[0]?.timestamp;
      // Batches are stored in log_id order, so the newest log_id sits near the end of the stream;
      // reading a window back allows for logs whose dates are slightly out of log_id order.
      const windowCovered =
        oldestInPage !== undefined &&
        newestTimestamp !== undefined &&
        oldestInPage < newestTimestamp - TAIL_WINDOW_MS;
      if (
        windowCovered ||
        !response.nextBackwardToken ||
        response.nextBackwardToken === nextToken
      ) {
        break;
      }
      if (events.length === 0 && page > 0) break;
      nextToken = response.nextBackwardToken;
    }
    return newest;
  }

  /** Stores a batch exactly once: retries what surely failed, checks the tail after what may have landed. */
  async put(batch: SinkBatch): Promise<PutOutcome> {
    let recreated = false;
    const cancelled = (error: unknown): ActionError =>
      // If this attempt landed after all, the next run finds it in the stream's tail first.
      new ActionError(`The run was cancelled while a batch was being sent (${describe(error)}).`);
    return retrying({
      schedule: PUT_BACKOFF,
      sleep: this.sleep,
      random: this.random,
      signal: this.options.signal,
      send: async () => {
        this.stats.puts += 1;
        const response = await this.putClient.send(
          new PutLogEventsCommand({
            logGroupName: this.options.logGroup,
            logStreamName: this.options.logStream,
            logEvents: batch.events,
          }),
        );
        return outcome(batch, response.rejectedLogEventsInfo);
      },
      decide: async (error) => {
        const name = errorName(error);
        if (name === 'ResourceNotFoundException' && this.options.createIfMissing && !recreated) {
          // Deleted while the run was going: nothing was stored, so recreate and send again.
          recreated = true;
          this.log(`The log group or stream disappeared during the run; recreating it`);
          const exists = await this.streamExists();
          if (exists !== 'yes') await this.create(exists === 'no-group');
          return { kind: 'again' };
        }
        if (name === 'InvalidParameterException') {
          return {
            kind: 'fail',
            error: new ActionError(
              `CloudWatch refused a batch as invalid (${errorMessage(error)}). This is a bug in the action's batching; please report it with these bounds: ${batch.events.length} events, ${batch.bytes} bytes, log_ids ${batch.firstLogId} to ${batch.lastLogId}, timestamps ${batch.events[0]?.timestamp} to ${batch.events[batch.events.length - 1]?.timestamp}. The checkpoint stays before this batch.`,
            ),
          };
        }
        return { kind: 'classify' };
      },
      settleUnclear: async (error) => {
        if (!(await this.landed(batch, error))) return undefined;
        this.stats.putsFoundStored += 1;
        this.stats.eventsFoundStored += batch.events.length;
        return { value: { accepted: batch.events.length, rejected: [] } };
      },
      onRetry: ({ error, delayMs }) => {
        this.stats.putRetries += 1;
        this.log(
          `PutLogEvents failed (${describe(error)}); retrying in ${(delayMs / 1000).toFixed(1)} s`,
        );
      },
      fatal: (error) => this.explain('PutLogEvents', error),
      exhausted: (error, attempts) =>
        this.options.signal?.aborted
          ? cancelled(error)
          : new ActionError(
              `CloudWatch did not accept a batch after ${attempts} attempts (last: ${describe(error)}). The checkpoint stays before log ${batch.firstLogId}; the next run sends it again.`,
            ),
    });
  }

  /** After a put whose fate is unknown: whether its events are in the stream. */
  private async landed(batch: SinkBatch, error: unknown): Promise<boolean> {
    this.log(
      `PutLogEvents may have been stored before it failed (${describe(error)}); checking the stream`,
    );
    for (const delay of SETTLE_DELAYS_MS) {
      await this.sleep(delay, this.options.signal);
      if (this.options.signal?.aborted) return false;
      try {
        const tail = await this.newestLogId();
        // Earlier batches hold only smaller log_ids, so any id at or past this batch's first proves it landed.
        if (tail && compareLogIds(tail.logId, batch.firstLogId) >= 0) return true;
      } catch (readError) {
        this.log(`Reading the stream's tail failed (${describe(readError)})`);
      }
    }
    return false;
  }

  /** Whether the group and the stream exist: read-only, as a dry run needs it. */
  async streamExists(): Promise<StreamPresence> {
    const { logGroup, logStream } = this.options;
    let nextToken: string | undefined;
    try {
      do {
        const response = await this.call('DescribeLogStreams', () =>
          this.client.send(
            new DescribeLogStreamsCommand({
              logGroupName: logGroup,
              logStreamNamePrefix: logStream,
              nextToken,
            }),
          ),
        );
        if (response.logStreams?.some((stream) => stream.logStreamName === logStream)) return 'yes';
        nextToken = response.nextToken;
      } while (nextToken);
    } catch (error) {
      if (errorName(error) === 'ResourceNotFoundException') return 'no-group';
      throw error;
    }
    return 'no-stream';
  }

  private async create(group: boolean): Promise<void> {
    const { logGroup, logStream, retentionDays } = this.options;
    if (group) {
      await this.ignoreExisting(() =>
        this.call('CreateLogGroup', () =>
          this.client.send(new CreateLogGroupCommand({ logGroupName: logGroup })),
        ),
      );
      this.stats.createdGroup = true;
      this.log(`Created the log group ${logGroup}`);
      if (retentionDays !== undefined) {
        await this.call('PutRetentionPolicy', () =>
          this.client.send(
            new PutRetentionPolicyCommand({
              logGroupName: logGroup,
              retentionInDays: retentionDays,
            }),
          ),
        );
      }
    }
    await this.ignoreExisting(() =>
      this.call('CreateLogStream', () =>
        this.client.send(
          new CreateLogStreamCommand({ logGroupName: logGroup, logStreamName: logStream }),
        ),
      ),
    );
    this.stats.createdStream = true;
    this.log(`Created the log stream ${logStream}`);
  }

  private async ignoreExisting(action: () => Promise<unknown>): Promise<void> {
    try {
      await action();
    } catch (error) {
      const cause = (error as { cause?: unknown }).cause ?? error;
      if (errorName(cause) !== 'ResourceAlreadyExistsException') throw error;
    }
  }

  /** Runs one SDK call and turns its failure into an error that says what to do. */
  private async call<T>(operation: string, action: () => Promise<T>): Promise<T> {
    try {
      return await action();
    } catch (error) {
      if (
        errorName(error) === 'ResourceNotFoundException' ||
        errorName(error) === 'ResourceAlreadyExistsException'
      ) {
        throw error;
      }
      throw this.explain(operation, error);
    }
  }

  private explain(operation: string, error: unknown): ActionError {
    const name = errorName(error);
    const { logGroup, region } = this.options;
    const keys = this.options.credentials
      ? `'${Input.AwsAccessKeyId}' and '${Input.AwsSecretAccessKey}'`
      : 'the credentials of the default chain (environment, or aws-actions/configure-aws-credentials)';
    let message: string;
    if (name === 'AccessDeniedException' || name === 'AccessDenied') {
      const action = /logs:[A-Za-z]+/.exec(errorMessage(error))?.[0] ?? `logs:${operation}`;
      message = `AWS denied ${action} on the log group '${logGroup}'. Allow ${action} on arn:aws:logs:${region}:*:log-group:${logGroup}:* in the IAM policy of the credentials the action uses.`;
    } else if (name === 'UnrecognizedClientException' || name === 'InvalidClientTokenId') {
      message = `AWS did not recognise the access key ID of ${keys} (${name}). Check that it is current and belongs to the right account.`;
    } else if (name === 'InvalidSignatureException' || name === 'SignatureDoesNotMatch') {
      message = `AWS rejected the signature made with ${keys} (${name}): the secret access key does not match the access key ID.`;
    } else if (name === 'ExpiredTokenException' || name === 'ExpiredToken') {
      message = `The AWS session token of ${keys} has expired (${name}). Refresh the credentials, e.g. run configure-aws-credentials closer to this step.`;
    } else if (name === 'CredentialsProviderError') {
      message = `No AWS credentials were found. Set '${Input.AwsAccessKeyId}' and '${Input.AwsSecretAccessKey}', or run aws-actions/configure-aws-credentials before this step.`;
    } else if (isUnreachable(error)) {
      message = `CloudWatch Logs in ${region} could not be reached (${describe(error)}). Check '${Input.AwsRegion}'.`;
    } else {
      message = `CloudWatch Logs ${operation} failed: ${describe(error)}.`;
    }
    return new ActionError(message);
  }
}

function outcome(batch: SinkBatch, info: RejectedLogEventsInfo | undefined): PutOutcome {
  const rejected: PutOutcome['rejected'] = [];
  if (info) {
    const count = batch.logIds.length;
    const tooOldEnd = Math.min(count, info.tooOldLogEventEndIndex ?? 0);
    const expiredEnd = Math.min(count, info.expiredLogEventEndIndex ?? 0);
    const tooNewStart = info.tooNewLogEventStartIndex ?? count;
    batch.logIds.forEach((logId, index) => {
      if (index < tooOldEnd) rejected.push({ logId, reason: 'too-old' });
      else if (index < expiredEnd) rejected.push({ logId, reason: 'expired' });
      else if (index >= tooNewStart) rejected.push({ logId, reason: 'too-new' });
    });
  }
  return { accepted: batch.events.length - rejected.length, rejected };
}

function parseLog(message: string | undefined): { log_id: string; date: string } | undefined {
  if (!message || message[0] !== '{') return undefined;
  try {
    const value: unknown = JSON.parse(message);
    return isAuth0Log(value) ? value : undefined;
  } catch {
    return undefined;
  }
}

function errorName(error: unknown): string | undefined {
  return (error as { name?: string } | undefined)?.name;
}

function isUnreachable(error: unknown): boolean {
  const code = (error as { code?: string }).code;
  return code === 'ENOTFOUND' || code === 'EAI_AGAIN' || code === 'ECONNREFUSED';
}

function describe(error: unknown): string {
  const name = errorName(error);
  const code = (error as { code?: string }).code;
  const message = errorMessage(error);
  return [name && name !== 'Error' ? name : undefined, code, message].filter(Boolean).join(': ');
}
