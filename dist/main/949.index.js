export const id = 949;
export const ids = [949];
export const modules = {

/***/ 27949:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   CloudWatchSink: () => (/* binding */ CloudWatchSink)
/* harmony export */ });
/* harmony import */ var _aws_sdk_client_cloudwatch_logs__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(70303);
/* harmony import */ var _constants_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(27242);
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(83916);
/* harmony import */ var _retry_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(49809);
/* harmony import */ var _logs_log_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(6625);





/** For one PutLogEvents batch; after the last attempt the run gives up (its progress is kept). */
const PUT_BACKOFF = { baseMs: 500, maxMs: 20_000, attempts: 8 };
/**
 * Pauses before each read of the stream's tail after a put whose outcome is unknown: CloudWatch makes
 * new events readable only after a short delay, so one early look could miss a stored batch.
 */
const SETTLE_DELAYS_MS = [1_000, 2_000, 3_000];
/** How far back from its newest event the tail is read for the newest log_id. */
const TAIL_WINDOW_MS = 15 * 60_000;
const TAIL_MAX_PAGES = 10;
/** Writes batches to one CloudWatch Logs stream, one put at a time, without losing or repeating one. */
class CloudWatchSink {
    options;
    stats = {
        puts: 0,
        putRetries: 0,
        putsFoundStored: 0,
        eventsFoundStored: 0,
        tailReads: 0,
        createdGroup: false,
        createdStream: false,
    };
    /** For reads and creations: the SDK's own retries are safe there. */
    client;
    /**
     * For PutLogEvents: no SDK retries. The SDK resends a put after a timeout or a reset, and since the
     * service no longer checks sequence tokens, a put that had landed would be stored twice.
     */
    putClient;
    sleep;
    random;
    log;
    constructor(options) {
        this.options = options;
        const base = {
            region: options.region,
            credentials: options.credentials,
            requestHandler: {
                connectionTimeout: 10_000,
                requestTimeout: 60_000,
                throwOnRequestTimeout: true,
            },
        };
        this.client = new _aws_sdk_client_cloudwatch_logs__WEBPACK_IMPORTED_MODULE_2__/* .CloudWatchLogsClient */ .TFr({ ...base, maxAttempts: 5 });
        this.putClient = new _aws_sdk_client_cloudwatch_logs__WEBPACK_IMPORTED_MODULE_2__/* .CloudWatchLogsClient */ .TFr({ ...base, maxAttempts: 1 });
        this.sleep = options.sleep ?? _retry_js__WEBPACK_IMPORTED_MODULE_3__/* .sleep */ .yy;
        this.random = options.random ?? Math.random;
        this.log = options.log ?? (() => undefined);
    }
    close() {
        this.client.destroy();
        this.putClient.destroy();
    }
    /** Makes sure the group and stream exist, creating them when allowed. */
    async prepare() {
        const exists = await this.streamExists();
        this.refuseMissing(exists);
        if (exists !== 'yes')
            await this.create(exists === 'no-group');
    }
    /** Throws, saying how to fix it, when the group or stream is missing and may not be created. */
    refuseMissing(exists) {
        if (exists === 'yes' || this.options.createIfMissing)
            return;
        const { logGroup, logStream, region } = this.options;
        const what = exists === 'no-group'
            ? `The log group '${logGroup}' does not exist`
            : `The log stream '${logStream}' does not exist in the log group '${logGroup}'`;
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .ActionError */ .lZ(`${what} in ${region}. Create it, or set '${_constants_js__WEBPACK_IMPORTED_MODULE_0__/* .Input */ .pd.CreateIfMissing}: true' to let the action create it.`);
    }
    /** The newest log_id already in the stream, read from its tail; undefined when there is none. */
    async newestLogId() {
        this.stats.tailReads += 1;
        let newest;
        let newestTimestamp;
        let nextToken;
        for (let page = 0; page < TAIL_MAX_PAGES; page += 1) {
            const response = await this.call('GetLogEvents', () => this.client.send(new _aws_sdk_client_cloudwatch_logs__WEBPACK_IMPORTED_MODULE_2__/* .GetLogEventsCommand */ .h7S({
                logGroupName: this.options.logGroup,
                logStreamName: this.options.logStream,
                startFromHead: false,
                nextToken,
            }), { abortSignal: this.options.signal }));
            const events = response.events ?? [];
            for (const event of events) {
                const log = parseLog(event.message);
                if (log && (0,_logs_log_js__WEBPACK_IMPORTED_MODULE_4__/* .newerLogId */ .$Z)(newest?.logId, log.log_id) === log.log_id) {
                    newest = { logId: log.log_id, date: log.date };
                }
                newestTimestamp = Math.max(newestTimestamp ?? -Infinity, event.timestamp ?? -Infinity);
            }
            const oldestInPage = events[0]?.timestamp;
            // Batches are stored in log_id order, so the newest log_id sits near the end of the stream;
            // reading a window back allows for logs whose dates are slightly out of log_id order.
            const windowCovered = oldestInPage !== undefined &&
                newestTimestamp !== undefined &&
                oldestInPage < newestTimestamp - TAIL_WINDOW_MS;
            if (windowCovered ||
                !response.nextBackwardToken ||
                response.nextBackwardToken === nextToken) {
                break;
            }
            if (events.length === 0 && page > 0)
                break;
            nextToken = response.nextBackwardToken;
        }
        return newest;
    }
    /** Stores a batch exactly once: retries what surely failed, checks the tail after what may have landed. */
    async put(batch) {
        let recreated = false;
        const cancelled = (error) => 
        // If this attempt landed after all, the next run finds it in the stream's tail first.
        new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .ActionError */ .lZ(`The run was cancelled while a batch was being sent (${describe(error)}).`);
        return (0,_retry_js__WEBPACK_IMPORTED_MODULE_3__/* .retrying */ .R$)({
            schedule: PUT_BACKOFF,
            sleep: this.sleep,
            random: this.random,
            signal: this.options.signal,
            send: async () => {
                this.stats.puts += 1;
                const response = await this.putClient.send(new _aws_sdk_client_cloudwatch_logs__WEBPACK_IMPORTED_MODULE_2__/* .PutLogEventsCommand */ .Aw4({
                    logGroupName: this.options.logGroup,
                    logStreamName: this.options.logStream,
                    logEvents: batch.events,
                }));
                return outcome(batch, response.rejectedLogEventsInfo);
            },
            decide: async (error) => {
                const name = errorName(error);
                if (name === 'ResourceNotFoundException' && this.options.createIfMissing && !recreated) {
                    // Deleted while the run was going: nothing was stored, so recreate and send again.
                    recreated = true;
                    this.log(`The log group or stream disappeared during the run; recreating it`);
                    const exists = await this.streamExists();
                    if (exists !== 'yes')
                        await this.create(exists === 'no-group');
                    return { kind: 'again' };
                }
                if (name === 'InvalidParameterException') {
                    return {
                        kind: 'fail',
                        error: new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .ActionError */ .lZ(`CloudWatch refused a batch as invalid (${(0,_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .errorMessage */ .gJ)(error)}). This is a bug in the action's batching; please report it with these bounds: ${batch.events.length} events, ${batch.bytes} bytes, log_ids ${batch.firstLogId} to ${batch.lastLogId}, timestamps ${batch.events[0]?.timestamp} to ${batch.events[batch.events.length - 1]?.timestamp}. The checkpoint stays before this batch.`),
                    };
                }
                return { kind: 'classify' };
            },
            settleUnclear: async (error) => {
                if (!(await this.landed(batch, error)))
                    return undefined;
                this.stats.putsFoundStored += 1;
                this.stats.eventsFoundStored += batch.events.length;
                return { value: { accepted: batch.events.length, rejected: [] } };
            },
            onRetry: ({ error, delayMs }) => {
                this.stats.putRetries += 1;
                this.log(`PutLogEvents failed (${describe(error)}); retrying in ${(delayMs / 1000).toFixed(1)} s`);
            },
            fatal: (error) => this.explain('PutLogEvents', error),
            exhausted: (error, attempts) => this.options.signal?.aborted
                ? cancelled(error)
                : new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .ActionError */ .lZ(`CloudWatch did not accept a batch after ${attempts} attempts (last: ${describe(error)}). The checkpoint stays before log ${batch.firstLogId}; the next run sends it again.`),
        });
    }
    /** After a put whose fate is unknown: whether its events are in the stream. */
    async landed(batch, error) {
        this.log(`PutLogEvents may have been stored before it failed (${describe(error)}); checking the stream`);
        for (const delay of SETTLE_DELAYS_MS) {
            await this.sleep(delay, this.options.signal);
            if (this.options.signal?.aborted)
                return false;
            try {
                const tail = await this.newestLogId();
                // Earlier batches hold only smaller log_ids, so any id at or past this batch's first proves it landed.
                if (tail && (0,_logs_log_js__WEBPACK_IMPORTED_MODULE_4__/* .compareLogIds */ .oV)(tail.logId, batch.firstLogId) >= 0)
                    return true;
            }
            catch (readError) {
                this.log(`Reading the stream's tail failed (${describe(readError)})`);
            }
        }
        return false;
    }
    /** Whether the group and the stream exist: read-only, as a dry run needs it. */
    async streamExists() {
        const { logGroup, logStream } = this.options;
        let nextToken;
        try {
            do {
                const response = await this.call('DescribeLogStreams', () => this.client.send(new _aws_sdk_client_cloudwatch_logs__WEBPACK_IMPORTED_MODULE_2__/* .DescribeLogStreamsCommand */ .w$R({
                    logGroupName: logGroup,
                    logStreamNamePrefix: logStream,
                    nextToken,
                })));
                if (response.logStreams?.some((stream) => stream.logStreamName === logStream))
                    return 'yes';
                nextToken = response.nextToken;
            } while (nextToken);
        }
        catch (error) {
            if (errorName(error) === 'ResourceNotFoundException')
                return 'no-group';
            throw error;
        }
        return 'no-stream';
    }
    async create(group) {
        const { logGroup, logStream, retentionDays } = this.options;
        if (group) {
            await this.ignoreExisting(() => this.call('CreateLogGroup', () => this.client.send(new _aws_sdk_client_cloudwatch_logs__WEBPACK_IMPORTED_MODULE_2__/* .CreateLogGroupCommand */ .BOU({ logGroupName: logGroup }))));
            this.stats.createdGroup = true;
            this.log(`Created the log group ${logGroup}`);
            if (retentionDays !== undefined) {
                await this.call('PutRetentionPolicy', () => this.client.send(new _aws_sdk_client_cloudwatch_logs__WEBPACK_IMPORTED_MODULE_2__/* .PutRetentionPolicyCommand */ .h5R({
                    logGroupName: logGroup,
                    retentionInDays: retentionDays,
                })));
            }
        }
        await this.ignoreExisting(() => this.call('CreateLogStream', () => this.client.send(new _aws_sdk_client_cloudwatch_logs__WEBPACK_IMPORTED_MODULE_2__/* .CreateLogStreamCommand */ .EQC({ logGroupName: logGroup, logStreamName: logStream }))));
        this.stats.createdStream = true;
        this.log(`Created the log stream ${logStream}`);
    }
    async ignoreExisting(action) {
        try {
            await action();
        }
        catch (error) {
            const cause = error.cause ?? error;
            if (errorName(cause) !== 'ResourceAlreadyExistsException')
                throw error;
        }
    }
    /** Runs one SDK call and turns its failure into an error that says what to do. */
    async call(operation, action) {
        try {
            return await action();
        }
        catch (error) {
            if (errorName(error) === 'ResourceNotFoundException' ||
                errorName(error) === 'ResourceAlreadyExistsException') {
                throw error;
            }
            throw this.explain(operation, error);
        }
    }
    explain(operation, error) {
        const name = errorName(error);
        const { logGroup, region } = this.options;
        const keys = this.options.credentials
            ? `'${_constants_js__WEBPACK_IMPORTED_MODULE_0__/* .Input */ .pd.AwsAccessKeyId}' and '${_constants_js__WEBPACK_IMPORTED_MODULE_0__/* .Input */ .pd.AwsSecretAccessKey}'`
            : 'the credentials of the default chain (environment, or aws-actions/configure-aws-credentials)';
        let message;
        if (name === 'AccessDeniedException' || name === 'AccessDenied') {
            const action = /logs:[A-Za-z]+/.exec((0,_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .errorMessage */ .gJ)(error))?.[0] ?? `logs:${operation}`;
            message = `AWS denied ${action} on the log group '${logGroup}'. Allow ${action} on arn:aws:logs:${region}:*:log-group:${logGroup}:* in the IAM policy of the credentials the action uses.`;
        }
        else if (name === 'UnrecognizedClientException' || name === 'InvalidClientTokenId') {
            message = `AWS did not recognise the access key ID of ${keys} (${name}). Check that it is current and belongs to the right account.`;
        }
        else if (name === 'InvalidSignatureException' || name === 'SignatureDoesNotMatch') {
            message = `AWS rejected the signature made with ${keys} (${name}): the secret access key does not match the access key ID.`;
        }
        else if (name === 'ExpiredTokenException' || name === 'ExpiredToken') {
            message = `The AWS session token of ${keys} has expired (${name}). Refresh the credentials, e.g. run configure-aws-credentials closer to this step.`;
        }
        else if (name === 'CredentialsProviderError') {
            message = `No AWS credentials were found. Set '${_constants_js__WEBPACK_IMPORTED_MODULE_0__/* .Input */ .pd.AwsAccessKeyId}' and '${_constants_js__WEBPACK_IMPORTED_MODULE_0__/* .Input */ .pd.AwsSecretAccessKey}', or run aws-actions/configure-aws-credentials before this step.`;
        }
        else if (isUnreachable(error)) {
            message = `CloudWatch Logs in ${region} could not be reached (${describe(error)}). Check '${_constants_js__WEBPACK_IMPORTED_MODULE_0__/* .Input */ .pd.AwsRegion}'.`;
        }
        else {
            message = `CloudWatch Logs ${operation} failed: ${describe(error)}.`;
        }
        return new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .ActionError */ .lZ(message);
    }
}
function outcome(batch, info) {
    const rejected = [];
    if (info) {
        const count = batch.logIds.length;
        const tooOldEnd = Math.min(count, info.tooOldLogEventEndIndex ?? 0);
        const expiredEnd = Math.min(count, info.expiredLogEventEndIndex ?? 0);
        const tooNewStart = info.tooNewLogEventStartIndex ?? count;
        batch.logIds.forEach((logId, index) => {
            if (index < tooOldEnd)
                rejected.push({ logId, reason: 'too-old' });
            else if (index < expiredEnd)
                rejected.push({ logId, reason: 'expired' });
            else if (index >= tooNewStart)
                rejected.push({ logId, reason: 'too-new' });
        });
    }
    return { accepted: batch.events.length - rejected.length, rejected };
}
function parseLog(message) {
    if (!message || message[0] !== '{')
        return undefined;
    try {
        const value = JSON.parse(message);
        return (0,_logs_log_js__WEBPACK_IMPORTED_MODULE_4__/* .isAuth0Log */ .ZK)(value) ? value : undefined;
    }
    catch {
        return undefined;
    }
}
function errorName(error) {
    return error?.name;
}
function isUnreachable(error) {
    const code = error.code;
    return code === 'ENOTFOUND' || code === 'EAI_AGAIN' || code === 'ECONNREFUSED';
}
function describe(error) {
    const name = errorName(error);
    const code = error.code;
    const message = (0,_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .errorMessage */ .gJ)(error);
    return [name && name !== 'Error' ? name : undefined, code, message].filter(Boolean).join(': ');
}


/***/ }),

/***/ 49809:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   EY: () => (/* binding */ backoffDelay),
/* harmony export */   L8: () => (/* binding */ classify),
/* harmony export */   R$: () => (/* binding */ retrying),
/* harmony export */   yy: () => (/* binding */ sleep)
/* harmony export */ });
/* harmony import */ var _smithy_core_retry__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(23609);
/**
 * The one retry policy of the action. Two questions are kept apart, as the AWS SDK keeps them
 * (smithy's service-error-classification vs util-retry): what a failure means for a resend
 * (`classify`), and how long to wait before the next attempt (`BackoffSchedule`). `retrying` runs the
 * loop that the Auth0 token request, the Auth0 pages and the CloudWatch puts share.
 */

/** Resolves after `ms`, or early when `signal` aborts, so a cancelled run does not sit out a backoff. */
const sleep = (ms, signal) => new Promise((resolve) => {
    if (ms <= 0 || signal?.aborted) {
        resolve();
        return;
    }
    const timer = setTimeout(done, ms);
    function done() {
        clearTimeout(timer);
        signal?.removeEventListener('abort', done);
        resolve();
    }
    signal?.addEventListener('abort', done, { once: true });
});
/** Classifies an error the way the AWS SDK's own retry strategy does. */
function classify(error) {
    if (typeof error !== 'object' || error === null)
        return 'fatal';
    const top = fields(error);
    if (top.name === 'AbortError')
        return 'fatal';
    if ((0,_smithy_core_retry__WEBPACK_IMPORTED_MODULE_0__.isThrottlingError)(top))
        return 'retry';
    if ((0,_smithy_core_retry__WEBPACK_IMPORTED_MODULE_0__.isServerError)(top))
        return 'unclear';
    // The cause chain is walked here rather than by the classifier, which fails on a null cause.
    for (let link = error, depth = 0; depth <= 10; depth += 1) {
        if (typeof link !== 'object' || link === null)
            break;
        if ((0,_smithy_core_retry__WEBPACK_IMPORTED_MODULE_0__.isTransientError)(fields(link)))
            return 'unclear';
        link = link.cause;
    }
    if (isFetchTransportError(error))
        return 'unclear';
    return 'fatal';
}
/** The fields the SDK classifiers read, without the cause. */
function fields(error) {
    const { name, message, code, $metadata, $retryable } = error;
    return { name, message, code, $metadata, $retryable };
}
/**
 * Node's fetch (undici) reports a dropped, refused or timed-out connection as "fetch failed" with a
 * cause whose code starts with UND_ERR_ (`UND_ERR_SOCKET: other side closed`): codes the AWS SDK's
 * classifier, written for its own HTTP handler, does not know.
 */
function isFetchTransportError(error, depth = 0) {
    if (typeof error !== 'object' || error === null || depth > 10)
        return false;
    const { code, cause } = error;
    if (typeof code === 'string' && code.startsWith('UND_ERR_'))
        return true;
    return isFetchTransportError(cause, depth + 1);
}
/** Capped exponential backoff with jitter: random in [ceiling/2, ceiling]; `retry` counts from 0. */
function backoffDelay(retry, schedule, random = Math.random) {
    const ceiling = Math.min(schedule.maxMs, schedule.baseMs * 2 ** retry);
    return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}
/** Runs `loop.send` until it succeeds or the policy gives up. */
async function retrying(loop) {
    const random = loop.random ?? Math.random;
    for (let attempt = 1;;) {
        try {
            return await loop.send(attempt);
        }
        catch (error) {
            const next = loop.decide ? await loop.decide(error, attempt) : { kind: 'classify' };
            switch (next.kind) {
                case 'done':
                    return next.value;
                case 'fail':
                    throw next.error;
                case 'again':
                    continue;
                case 'wait':
                    await loop.sleep(next.ms, loop.signal);
                    continue;
                case 'classify':
                    break;
            }
            const verdict = (loop.classify ?? classify)(error);
            if (verdict === 'fatal')
                throw loop.fatal(error);
            if (loop.signal?.aborted || attempt >= loop.schedule.attempts) {
                throw loop.exhausted(error, attempt);
            }
            if (verdict === 'unclear' && loop.settleUnclear) {
                const settled = await loop.settleUnclear(error);
                if (settled)
                    return settled.value;
            }
            const delayMs = backoffDelay(attempt - 1, loop.schedule, random);
            loop.onRetry?.({ error, attempt, delayMs });
            await loop.sleep(delayMs, loop.signal);
            if (loop.signal?.aborted)
                throw loop.exhausted(error, attempt);
            attempt += 1;
        }
    }
}


/***/ })

};
