export const id = 143;
export const ids = [143];
export const modules = {

/***/ 11143:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  runMain: () => (/* binding */ runMain)
});

// EXTERNAL MODULE: ./node_modules/@actions/core/lib/core.js + 7 modules
var core = __webpack_require__(33838);
// EXTERNAL MODULE: external "node:os"
var external_node_os_ = __webpack_require__(48161);
var external_node_os_default = /*#__PURE__*/__webpack_require__.n(external_node_os_);
;// CONCATENATED MODULE: ./src/checkpoint/create-store.ts

/**
 * The store the inputs chose, set up from the runner's environment. Each store is loaded only when
 * chosen: the artifact store's Azure and GitHub clients cost a cache run time at start-up for nothing.
 */
async function createCheckpointStore(settings, env, log) {
    if (settings.kind === 'artifact') {
        const { ArtifactCheckpointStore } = await Promise.all(/* import() */[__webpack_require__.e(839), __webpack_require__.e(888), __webpack_require__.e(534)]).then(__webpack_require__.bind(__webpack_require__, 22534));
        return new ArtifactCheckpointStore({
            key: settings.key,
            token: settings.githubToken ?? '',
            repository: env.GITHUB_REPOSITORY ?? '',
            apiUrl: env.GITHUB_API_URL ?? 'https://api.github.com',
            branch: env.GITHUB_REF_NAME || undefined,
            retentionDays: settings.artifactRetentionDays,
            tempDir: env.RUNNER_TEMP ?? external_node_os_default().tmpdir(),
            ...log,
        });
    }
    const { CacheCheckpointStore } = await Promise.all(/* import() */[__webpack_require__.e(839), __webpack_require__.e(142), __webpack_require__.e(436)]).then(__webpack_require__.bind(__webpack_require__, 61436));
    return new CacheCheckpointStore({
        key: settings.key,
        runId: env.GITHUB_RUN_ID ?? '0',
        runAttempt: env.GITHUB_RUN_ATTEMPT ?? '1',
        workspace: env.GITHUB_WORKSPACE ?? process.cwd(),
        ...log,
    });
}

// EXTERNAL MODULE: ./src/checkpoint/record.ts
var record = __webpack_require__(83361);
;// CONCATENATED MODULE: ./src/cloudwatch/batcher.ts
/**
 * Groups events into PutLogEvents calls that CloudWatch Logs accepts. Pure: no I/O.
 *
 * A batch is always a contiguous run of the logs in the order Auth0 returned them (log_id order),
 * sorted by timestamp only inside the batch. Because batches go out one at a time, the newest
 * log_id in the stream then proves that every earlier log was delivered.
 */
/** "The maximum batch size is 1,048,576 bytes" (sum of UTF-8 message bytes + 26 per event). */
const PUT_LOG_EVENTS_MAX_BYTES = 1_048_576;
/** "The maximum number of log events in a batch is 10,000." */
const PUT_LOG_EVENTS_MAX_EVENTS = 10_000;
/** Bytes CloudWatch adds to each event's message when it sizes a batch. */
const PUT_LOG_EVENTS_EVENT_OVERHEAD_BYTES = 26;
/** "The time span in a single batch cannot exceed 24 hours": stay strictly below it. */
const PUT_LOG_EVENTS_MAX_SPAN_MS = 24 * 60 * 60 * 1000 - 1;
/** "Events more than 14 days old" are refused (rejectedLogEventsInfo.tooOldLogEventEndIndex). */
const PUT_LOG_EVENTS_MAX_AGE_MS = 14 * 24 * 60 * 60 * 1000;
/** "More than 2 hours in the future" is refused (rejectedLogEventsInfo.tooNewLogEventStartIndex). */
const PUT_LOG_EVENTS_MAX_AHEAD_MS = 2 * 60 * 60 * 1000;
/** A single event must fit in a batch on its own. */
const MAX_MESSAGE_BYTES = PUT_LOG_EVENTS_MAX_BYTES - PUT_LOG_EVENTS_EVENT_OVERHEAD_BYTES;
const PUT_LOG_EVENTS_LIMITS = {
    maxBytes: PUT_LOG_EVENTS_MAX_BYTES,
    maxEvents: PUT_LOG_EVENTS_MAX_EVENTS,
    maxSpanMs: PUT_LOG_EVENTS_MAX_SPAN_MS,
};
function toPendingEvent(logId, timestamp, message) {
    // Buffer.byteLength counts a string's UTF-8 bytes unless told another encoding.
    return { logId, timestamp, message, bytes: Buffer.byteLength(message) };
}
function eventSize(event) {
    return event.bytes + PUT_LOG_EVENTS_EVENT_OVERHEAD_BYTES;
}
/** Accumulates events in arrival order and seals a batch when the next event would break a limit. */
class BatchBuilder {
    limits;
    events = [];
    bytes = 0;
    minTimestamp = Infinity;
    maxTimestamp = -Infinity;
    constructor(limits = PUT_LOG_EVENTS_LIMITS) {
        this.limits = limits;
    }
    /** Whether `event` fits in the open batch. An event too large for any batch never fits. */
    fits(event) {
        if (this.events.length >= this.limits.maxEvents)
            return false;
        if (this.bytes + eventSize(event) > this.limits.maxBytes)
            return false;
        const low = Math.min(this.minTimestamp, event.timestamp);
        const high = Math.max(this.maxTimestamp, event.timestamp);
        return high - low <= this.limits.maxSpanMs;
    }
    /**
     * Adds an event, first sealing the open batch when the event does not fit in it.
     * Returns the sealed batch, if one was sealed. Throws for an event no batch can hold.
     */
    add(event) {
        if (eventSize(event) > this.limits.maxBytes) {
            throw new RangeError(`log ${event.logId} is ${event.bytes} bytes, over the ${this.limits.maxBytes - PUT_LOG_EVENTS_EVENT_OVERHEAD_BYTES}-byte event limit`);
        }
        const sealed = this.fits(event) ? undefined : this.seal();
        this.events.push(event);
        this.bytes += eventSize(event);
        this.minTimestamp = Math.min(this.minTimestamp, event.timestamp);
        this.maxTimestamp = Math.max(this.maxTimestamp, event.timestamp);
        return sealed;
    }
    /** Seals the open batch; undefined when it is empty. */
    seal() {
        if (this.events.length === 0)
            return undefined;
        const inArrivalOrder = this.events;
        // Array.prototype.sort is stable, so equal timestamps keep log_id order.
        const sorted = [...inArrivalOrder].sort((a, b) => a.timestamp - b.timestamp);
        const batch = {
            events: sorted.map(({ timestamp, message }) => ({ timestamp, message })),
            logIds: sorted.map((event) => event.logId),
            firstLogId: inArrivalOrder[0].logId,
            lastLogId: inArrivalOrder[inArrivalOrder.length - 1].logId,
            bytes: this.bytes,
        };
        this.events = [];
        this.bytes = 0;
        this.minTimestamp = Infinity;
        this.maxTimestamp = -Infinity;
        return batch;
    }
}
/** Splits events (in Auth0's order) into batches that obey every PutLogEvents limit. */
function splitIntoBatches(events, limits = PUT_LOG_EVENTS_LIMITS) {
    const builder = new BatchBuilder(limits);
    const batches = [];
    for (const event of events) {
        const sealed = builder.add(event);
        if (sealed)
            batches.push(sealed);
    }
    const last = builder.seal();
    if (last)
        batches.push(last);
    return batches;
}

;// CONCATENATED MODULE: ./src/cloudwatch/dry-run-sink.ts

/**
 * A sink that writes nothing: it reads what a real run reads (whether the group and stream exist,
 * the stream's tail) with the same credentials, so that a dry run checks them, and counts the
 * batches it is handed instead of putting them. Events CloudWatch would refuse by their age are
 * counted as refused, as a real put's rejectedLogEventsInfo would.
 */
class DryRunSink {
    reader;
    now;
    stats = { puts: 0, events: 0, bytes: 0 };
    presence = 'yes';
    constructor(reader, now = Date.now) {
        this.reader = reader;
        this.now = now;
    }
    async prepare() {
        this.presence = await this.reader.streamExists();
        this.reader.refuseMissing(this.presence);
        if (this.presence !== 'yes') {
            this.stats.wouldCreate = this.presence === 'no-group' ? 'group' : 'stream';
        }
    }
    async newestLogId() {
        // A stream that does not exist yet holds nothing.
        return this.presence === 'yes' ? this.reader.newestLogId() : undefined;
    }
    put(batch) {
        const now = this.now();
        const rejected = [];
        batch.events.forEach((event, index) => {
            const logId = batch.logIds[index];
            if (event.timestamp < now - PUT_LOG_EVENTS_MAX_AGE_MS)
                rejected.push({ logId, reason: 'too-old' });
            else if (event.timestamp > now + PUT_LOG_EVENTS_MAX_AHEAD_MS)
                rejected.push({ logId, reason: 'too-new' });
        });
        this.stats.puts += 1;
        this.stats.events += batch.events.length;
        this.stats.bytes += batch.bytes;
        this.stats.firstLogId ??= batch.firstLogId;
        this.stats.lastLogId = batch.lastLogId;
        return Promise.resolve({ accepted: batch.events.length - rejected.length, rejected });
    }
}

// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(77598);
// EXTERNAL MODULE: ./src/constants.ts
var constants = __webpack_require__(27242);
// EXTERNAL MODULE: ./src/errors.ts
var errors = __webpack_require__(83916);
// EXTERNAL MODULE: ./src/logs/filter.ts + 1 modules
var logs_filter = __webpack_require__(63800);
;// CONCATENATED MODULE: ./src/logs/pii-fields.ts
// Generated by script/generate-pii-fields.ts from third_party/auth0-log-schemas and
// script/log-types/pii.ts: do not edit; run `npm run generate:log-types`.
/**
 * What `redact-fields: pii` stands for (docs/pii-fields.md says what each field holds and where it
 * occurs): bare keys match at any depth, dot paths from the root.
 */
const PII_FIELDS = [
    'user_name',
    'username',
    'newUsername',
    'newUername',
    'oldUsername',
    'given_name',
    'family_name',
    'nickname',
    'first_name',
    'last_name',
    'details.body.name',
    'details.request.auth.user.name',
    'details.invitation.inviter.name',
    'details.enrollment.name',
    'email',
    'newEmail',
    'login_hint',
    'details.to',
    'details.body.to',
    'phone',
    'phone_number',
    'new_phone_number',
    'old_phone_number',
    'address',
    'ip',
    'client_ip',
    'user_agent',
    'userAgent',
    'user-agent',
    'useragent',
    'location_info.city_name',
    'location_info.latitude',
    'location_info.longitude',
    'picture',
    'original_profile',
];

;// CONCATENATED MODULE: ./src/logs/redact.ts
/**
 * Redaction of personal data in an Auth0 log before it leaves the runner (DESIGN §10): which fields
 * (`redact-fields`), how (`redact-method`), and the key of the hash (`redact-key`).
 */


const REDACT_METHODS = ['hash', 'mask', 'drop'];
/** The entry of `redact-fields` that stands for PII_FIELDS (docs/pii-fields.md). */
const PII_PRESET = 'pii';
/** Exactly-once delivery (log_id), the checkpoint, batching (date) and filtering (type) rest on these. */
const PROTECTED_FIELDS = ['log_id', '_id', 'date', 'type'];
/** Shorter keys are within reach of guessing, and whoever has the key can test guesses against tokens. */
const MIN_KEY_LENGTH = 16;
const MASK = '[redacted]';
const HASH_PREFIX = 'hmac-sha256:';
/**
 * A refused redaction input. `value` is what to show of it; undefined for the key, which is never
 * shown. Config turns it into the standard "Input 'x' has the value …; expected …" error.
 */
class RedactionInputError extends Error {
    input;
    value;
    expected;
    why;
    name = 'RedactionInputError';
    constructor(input, value, expected, why) {
        super(why);
        this.input = input;
        this.value = value;
        this.expected = expected;
        this.why = why;
    }
}
const FIELDS_EXPECTED = 'key names (email), dot paths from the root (details.request.ip) with * for any one key ' +
    `(location_info.*), or the preset ${PII_PRESET}, separated by commas, spaces or newlines`;
const KEY_EXPECTED = `a secret of at least ${MIN_KEY_LENGTH} characters, such as the output of openssl rand -hex 32`;
/**
 * Reads the three inputs (white space around each is ignored). Returns undefined when
 * `redact-fields` is empty: nothing is redacted, but the method and a key given are still checked.
 */
function parseRedaction(inputs, names) {
    const method = parseMethod(inputs.method.trim(), names);
    const parsed = parseFields(inputs.fields, names);
    const key = inputs.key.trim();
    if (key !== '' && key.length < MIN_KEY_LENGTH) {
        throw new RedactionInputError(names.key, undefined, KEY_EXPECTED, `it is shorter than ${MIN_KEY_LENGTH} characters`);
    }
    if (parsed === undefined)
        return undefined;
    if (method !== 'hash')
        return { ...parsed, method };
    if (key === '') {
        throw new RedactionInputError(names.key, undefined, `${KEY_EXPECTED}, passed from a secret`, `it is empty, and '${names.method}: hash' needs a key`);
    }
    return { ...parsed, method, key };
}
function parseMethod(value, names) {
    if (value === '')
        return 'hash';
    const method = REDACT_METHODS.find((choice) => choice === value.toLowerCase());
    if (method !== undefined)
        return method;
    throw new RedactionInputError(names.method, value, "'hash' (the default), 'mask' or 'drop'", 'it is not a redaction method');
}
function parseFields(raw, names) {
    const value = raw.trim();
    if (value === '')
        return undefined;
    const refuse = (why) => {
        throw new RedactionInputError(names.fields, value, FIELDS_EXPECTED, why);
    };
    // "email,,ip": a comma with nothing before the next one is an entry left out, not a separator.
    if (/,\s*,/.test(value))
        refuse('it has an empty entry between two commas');
    const written = value.split(/[\s,]+/).filter((entry) => entry !== '');
    const entries = [
        ...new Set(written.map((entry) => (entry.toLowerCase() === PII_PRESET ? PII_PRESET : entry))),
    ];
    if (entries.length === 0)
        refuse('it names no field');
    const byField = new Map();
    const add = (field, entry) => {
        const known = byField.get(field);
        if (known === undefined)
            byField.set(field, { field, from: [entry] });
        else if (!known.from.includes(entry))
            known.from.push(entry);
    };
    for (const entry of entries) {
        if (entry === PII_PRESET) {
            for (const field of PII_FIELDS)
                add(field, PII_PRESET);
            continue;
        }
        const problem = entryProblem(entry);
        if (problem !== undefined)
            refuse(problem);
        add(entry, entry);
    }
    return { fields: [...byField.values()], entries };
}
/** Why an entry of `redact-fields` cannot be used, or undefined when it can. */
function entryProblem(entry) {
    if (PROTECTED_FIELDS.includes(entry)) {
        return `${entry} is never redacted: exactly-once delivery and filtering rest on ${PROTECTED_FIELDS.join(', ')}`;
    }
    if (entry === '*')
        return "'*' alone would redact every field; name the fields instead";
    if (/["'`]/.test(entry))
        return `'${entry}' has quotes, which are not part of a key`;
    if (/[[\]]/.test(entry)) {
        return `'${entry}' has an array index; arrays need none: a path matches in every element`;
    }
    const keys = entry.split('.');
    if (keys.some((key) => key === ''))
        return `'${entry}' has an empty key (two dots, or a dot at an end)`;
    if (keys.some((key) => key !== '*' && key.includes('*'))) {
        return `'${entry}' uses * inside a key; * stands for one whole key`;
    }
    return undefined;
}
const NO_NODES = [];
/** Repeated values (a user's name, an IP, a browser) are hashed once; the memo stays this small. */
const HASH_MEMO_SIZE = 10_000;
function createRedactor(redaction) {
    const counts = redaction.fields.map(() => 0);
    let logs = 0;
    const anyDepth = new Map();
    const root = { children: new Map(), ends: [] };
    redaction.fields.forEach(({ field }, index) => {
        if (!field.includes('.')) {
            anyDepth.set(field, [...(anyDepth.get(field) ?? []), index]);
            return;
        }
        let node = root;
        for (const key of field.split('.')) {
            const next = key === '*' ? node.any : node.children.get(key);
            const created = next ?? { children: new Map(), ends: [] };
            if (key === '*')
                node.any = created;
            else
                node.children.set(key, created);
            node = created;
        }
        node.ends.push(index);
    });
    const hasAnyDepth = anyDepth.size > 0;
    const replace = replacer(redaction);
    const drop = redaction.method === 'drop';
    /** The fields matched by `key` in an object reached through `nodes`. */
    const matched = (key, nodes) => {
        let found = anyDepth.get(key);
        for (const node of nodes) {
            const child = node.children.get(key);
            if (child !== undefined && child.ends.length > 0)
                found = [...(found ?? []), ...child.ends];
            if (node.any !== undefined && node.any.ends.length > 0) {
                found = [...(found ?? []), ...node.any.ends];
            }
        }
        return found;
    };
    /** The path steps that continue below `key`. */
    const descend = (key, nodes) => {
        let next;
        for (const node of nodes) {
            const child = node.children.get(key);
            if (child !== undefined && (child.children.size > 0 || child.any))
                (next ??= []).push(child);
            const any = node.any;
            if (any !== undefined && (any.children.size > 0 || any.any))
                (next ??= []).push(any);
        }
        return next ?? NO_NODES;
    };
    const visit = (value, nodes) => {
        if (typeof value !== 'object' || value === null)
            return value;
        if (nodes.length === 0 && !hasAnyDepth)
            return value;
        // Arrays are transparent: a path reaches into every element, at the array's own depth.
        if (Array.isArray(value))
            return visitArray(value, nodes);
        return visitObject(value, nodes, false);
    };
    const visitArray = (array, nodes) => {
        let copy;
        for (let index = 0; index < array.length; index += 1) {
            const element = array[index];
            const redacted = visit(element, nodes);
            if (redacted !== element)
                (copy ??= array.slice())[index] = redacted;
        }
        return copy ?? array;
    };
    const visitObject = (object, nodes, isRoot) => {
        let copy;
        for (const key of Object.keys(object)) {
            if (isRoot && PROTECTED_FIELDS.includes(key))
                continue;
            const value = object[key];
            const fields = matched(key, nodes);
            if (fields !== undefined) {
                // A null holds nothing personal; it stays, so the log keeps its shape.
                if (value === null)
                    continue;
                for (const index of fields)
                    counts[index] += 1;
                copy ??= { ...object };
                if (drop)
                    delete copy[key];
                else
                    setOwn(copy, key, replace(value));
                continue;
            }
            if (typeof value !== 'object' || value === null)
                continue;
            const redacted = visit(value, descend(key, nodes));
            if (redacted !== value)
                setOwn((copy ??= { ...object }), key, redacted);
        }
        return copy ?? object;
    };
    return {
        method: redaction.method,
        redact: (log) => {
            logs += 1;
            return visitObject(log, [root], true);
        },
        logs: () => logs,
        counts: () => redaction.fields.map(({ field, from }, index) => ({
            field,
            from: [...from],
            values: counts[index],
        })),
        unmatchedEntries: () => redaction.entries.filter((entry) => !redaction.fields.some((field, index) => field.from.includes(entry) && counts[index] > 0)),
    };
}
/** Sets a key on a copy without invoking the `__proto__` setter that plain assignment would. */
function setOwn(object, key, value) {
    if (key === '__proto__') {
        Object.defineProperty(object, key, {
            value,
            enumerable: true,
            writable: true,
            configurable: true,
        });
    }
    else {
        object[key] = value;
    }
}
function replacer(redaction) {
    if (redaction.method !== 'hash')
        return () => MASK;
    if (redaction.key === undefined)
        throw new Error('hash redaction needs a key');
    // The key's UTF-8 bytes, converted once rather than on every value.
    const key = Buffer.from(redaction.key, 'utf8');
    const memo = new Map();
    return (value) => {
        const text = typeof value === 'string' ? value : JSON.stringify(value);
        const known = memo.get(text);
        if (known !== undefined)
            return known;
        const token = HASH_PREFIX + hmacSha256Hex(key, text);
        if (memo.size >= HASH_MEMO_SIZE)
            memo.clear();
        memo.set(text, token);
        return token;
    };
}
/** HMAC-SHA256 of the UTF-8 text, as 64 lower-case hex digits (`openssl dgst -sha256 -hmac key`). */
function hmacSha256Hex(key, text) {
    return (0,external_node_crypto_.createHmac)('sha256', key).update(text).digest('hex');
}

;// CONCATENATED MODULE: ./src/config.ts





const BATCH_SIZE_MAX = 100;
const MAX_CONCURRENCY_MAX = 16;
const DEFAULT_MAX_CONCURRENCY = '4';
const DEFAULT_RATE_LIMIT_RESERVE = '20%';
const RATE_LIMIT_RESERVE_MAX_COUNT = 1_000;
/** PutRetentionPolicy accepts only these values. */
const RETENTION_DAYS = [
    1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288,
    3653,
];
const MAX_DURATION_MIN_MS = 10_000;
const MAX_DURATION_MAX_MS = 24 * 3_600_000;
const DEFAULT_MAX_DURATION = '30m';
const CHECKPOINT_STORES = ['cache', 'artifact'];
const BOOLEAN_TRUE = ['true', 'True', 'TRUE'];
const BOOLEAN_FALSE = ['false', 'False', 'FALSE'];
/** Geographies and directions of every AWS region name, so that a typo such as `eu-wset-1` is caught. */
const REGION_PATTERN = /^(af|ap|ca|cn|eu|il|me|mx|sa|us|us-gov|us-iso|us-isob|us-isof|eu-isoe)-(central|north|south|east|west|northeast|northwest|southeast|southwest)-\d{1,2}$/;
const DOMAIN_LABEL = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;
/** Log group names: 1-512 of letters, digits, `_ - / . #` (CreateLogGroup's rule). */
const LOG_GROUP_PATTERN = /^[.\-_/#A-Za-z0-9]{1,512}$/;
/** Log stream names: 1-512 characters, no `:` or `*` (CreateLogStream's rule). */
const LOG_STREAM_PATTERN = /^[^:*]{1,512}$/;
/** What CloudWatch accepts in a metrics namespace and a dimension value: printable ASCII. */
const PRINTABLE_ASCII = /^[\x20-\x7e]+$/;
const METRICS_NAMESPACE_MAX = 255;
/** Cache keys may not hold commas and are at most 512 characters; the run id is appended. */
const CHECKPOINT_KEY_PATTERN = /^[A-Za-z0-9._-]{1,200}$/;
/**
 * Reads and validates every input once. Throws ConfigError naming the input, the value and what is
 * accepted; nothing here touches the network.
 */
function readConfig(read, env = process.env) {
    const text = (name) => read(name).trim();
    const required = (name, secret = false) => {
        const value = text(name);
        if (value === '') {
            const was = read(name) === '' ? 'empty' : 'only white space';
            const from = secret ? ', from a secret' : '';
            throw new errors/* ConfigError */.xL(name, `Input '${name}' is required and was ${was}; set it in the step's \`with:\`${from}.`);
        }
        return value;
    };
    const auth0Domain = parseDomain(required(constants/* Input */.pd.Auth0Domain));
    const auth0ClientId = parseNoSpaces(constants/* Input */.pd.Auth0ClientId, required(constants/* Input */.pd.Auth0ClientId));
    const auth0ClientSecret = parseNoSpaces(constants/* Input */.pd.Auth0ClientSecret, required(constants/* Input */.pd.Auth0ClientSecret, true), true);
    const logGroup = parseLogGroup(required(constants/* Input */.pd.LogGroup));
    const logStream = parseLogStream(required(constants/* Input */.pd.LogStream));
    const awsRegion = parseRegion(text(constants/* Input */.pd.AwsRegion), env.AWS_REGION?.trim() ?? '');
    const awsCredentials = parseAwsCredentials(text(constants/* Input */.pd.AwsAccessKeyId), text(constants/* Input */.pd.AwsSecretAccessKey), text(constants/* Input */.pd.AwsSessionToken));
    const batchSize = parseWholeNumber(constants/* Input */.pd.BatchSize, text(constants/* Input */.pd.BatchSize) || '100', 1, BATCH_SIZE_MAX);
    const startFromInput = text(constants/* Input */.pd.StartFrom) || 'oldest';
    const startFrom = parseStartFrom(startFromInput);
    const filter = parseFilter(text(constants/* Input */.pd.LogLevel), read(constants/* Input */.pd.LogTypes), read(constants/* Input */.pd.ExcludeLogTypes));
    const warnings = [...(0,logs_filter/* unknownCodeWarnings */.rj)(filter.types), ...(0,logs_filter/* unknownCodeWarnings */.rj)(filter.exclude)];
    const slackWebhookUrl = parseSlackUrl(text(constants/* Input */.pd.SlackWebhookUrl));
    const slackSendSuccess = parseBoolean(constants/* Input */.pd.SlackSendSuccess, text(constants/* Input */.pd.SlackSendSuccess), false);
    const maxLag = text(constants/* Input */.pd.MaxLagMinutes);
    const maxLagMinutes = maxLag === '' ? undefined : parseWholeNumber(constants/* Input */.pd.MaxLagMinutes, maxLag, 1, 43_200);
    const checkpointStore = parseChoice(constants/* Input */.pd.CheckpointStore, text(constants/* Input */.pd.CheckpointStore) || 'cache', CHECKPOINT_STORES);
    const checkpointKey = parseCheckpointKey(text(constants/* Input */.pd.CheckpointKey), auth0Domain, logGroup, logStream);
    const githubToken = text(constants/* Input */.pd.GithubToken) || undefined;
    if (checkpointStore === 'artifact' && githubToken === undefined) {
        throw new errors/* ConfigError */.xL(constants/* Input */.pd.GithubToken, `Input '${constants/* Input */.pd.GithubToken}' is empty, but '${constants/* Input */.pd.CheckpointStore}: artifact' needs a token with actions: read to find the checkpoint of earlier runs; leave it at its default (\${{ github.token }}) or pass one.`);
    }
    const artifactRetentionDays = parseWholeNumber(constants/* Input */.pd.ArtifactRetentionDays, text(constants/* Input */.pd.ArtifactRetentionDays) || '7', 1, 90);
    const createIfMissing = parseBoolean(constants/* Input */.pd.CreateIfMissing, text(constants/* Input */.pd.CreateIfMissing), true);
    const retentionDays = parseRetentionDays(text(constants/* Input */.pd.RetentionDays));
    const maxDurationMs = parseDuration(constants/* Input */.pd.MaxDuration, text(constants/* Input */.pd.MaxDuration) || DEFAULT_MAX_DURATION);
    const metricsNamespace = parseMetricsNamespace(text(constants/* Input */.pd.MetricsNamespace));
    if (metricsNamespace !== undefined)
        checkDimensionValue(constants/* Input */.pd.LogStream, logStream);
    const redaction = parseRedactionInputs(read);
    const dryRun = parseBoolean(constants/* Input */.pd.DryRun, text(constants/* Input */.pd.DryRun), false);
    const maxConcurrency = parseWholeNumber(constants/* Input */.pd.MaxConcurrency, text(constants/* Input */.pd.MaxConcurrency) || DEFAULT_MAX_CONCURRENCY, 1, MAX_CONCURRENCY_MAX);
    const rateLimitReserve = parseRateLimitReserve(text(constants/* Input */.pd.RateLimitReserve) || DEFAULT_RATE_LIMIT_RESERVE);
    return {
        auth0Domain,
        auth0ClientId,
        auth0ClientSecret,
        logGroup,
        logStream,
        awsRegion,
        awsCredentials,
        batchSize,
        startFrom,
        startFromInput,
        filter,
        warnings,
        slackWebhookUrl,
        slackSendSuccess,
        maxLagMinutes,
        checkpointStore,
        artifactRetentionDays,
        checkpointKey,
        githubToken,
        createIfMissing,
        retentionDays,
        maxDurationMs,
        dryRun,
        metricsNamespace,
        redaction,
        maxConcurrency,
        rateLimitReserve,
    };
}
function parseRedactionInputs(read) {
    try {
        return parseRedaction({
            fields: read(constants/* Input */.pd.RedactFields),
            method: read(constants/* Input */.pd.RedactMethod),
            key: read(constants/* Input */.pd.RedactKey),
        }, { fields: constants/* Input */.pd.RedactFields, method: constants/* Input */.pd.RedactMethod, key: constants/* Input */.pd.RedactKey });
    }
    catch (error) {
        if (!(error instanceof RedactionInputError))
            throw error;
        throw invalidInput(error.input, error.value ?? HIDDEN, error.expected, error.why);
    }
}
/** Quotes a value for an error message, keeping control characters visible. */
function shown(value) {
    return JSON.stringify(value.length > 200 ? `${value.slice(0, 200)}…` : value);
}
/** Stands for the value of a secret input in an error: the value itself is never shown. */
const HIDDEN = Symbol('hidden');
/**
 * The one shape of every refusal: "Input 'x' has the value "v"[: why]; expected …." A secret's
 * value is never shown.
 */
function invalidInput(input, value, expected, why) {
    const subject = value === HIDDEN
        ? `Input '${input}' (value hidden)`
        : `Input '${input}' has the value ${shown(value)}`;
    const reason = why === undefined ? '' : `: ${why}`;
    return new errors/* ConfigError */.xL(input, `${subject}${reason}; expected ${expected}.`);
}
function parseDomain(value) {
    const fail = (why) => {
        throw invalidInput(constants/* Input */.pd.Auth0Domain, value, "the tenant's host name alone, such as acme.eu.auth0.com or login.example.com (a port is allowed: localhost:8443)", why);
    };
    if (/^[a-z][a-z0-9+.-]*:\/\//i.test(value))
        fail('remove the scheme (https://)');
    if (/[/?#]/.test(value))
        fail('remove the path, query or fragment');
    if (/\s/.test(value))
        fail('it contains white space');
    if (value.includes('@'))
        fail('it contains user information');
    const match = /^([^:]+)(?::(\d{1,5}))?$/.exec(value);
    if (!match)
        fail('it is not a host name with an optional :port');
    const host = match[1].toLowerCase();
    const port = match[2];
    if (port !== undefined && (Number(port) < 1 || Number(port) > 65_535)) {
        fail(`the port ${port} is not between 1 and 65535`);
    }
    if (host.length > 253 || !host.split('.').every((label) => DOMAIN_LABEL.test(label))) {
        fail('it is not a valid host name');
    }
    return port === undefined ? host : `${host}:${port}`;
}
function parseNoSpaces(name, value, secret = false) {
    if (/\s/.test(value)) {
        throw invalidInput(name, secret ? HIDDEN : value, 'the value exactly as the Auth0 dashboard shows it', 'it contains white space');
    }
    return value;
}
function parseLogGroup(value) {
    if (!LOG_GROUP_PATTERN.test(value)) {
        throw invalidInput(constants/* Input */.pd.LogGroup, value, '1 to 512 characters of letters, digits and _ - / . #, such as /auth0/acme');
    }
    return value;
}
function parseLogStream(value) {
    if (!LOG_STREAM_PATTERN.test(value)) {
        throw invalidInput(constants/* Input */.pd.LogStream, value, "1 to 512 characters without ':' or '*'");
    }
    return value;
}
function parseRegion(input, fromEnv) {
    const value = input || fromEnv;
    if (value === '') {
        throw new errors/* ConfigError */.xL(constants/* Input */.pd.AwsRegion, `Input '${constants/* Input */.pd.AwsRegion}' is empty and AWS_REGION is not set; set one of them to the log group's region, such as eu-west-1.`);
    }
    if (!REGION_PATTERN.test(value)) {
        const expected = 'an AWS region name such as us-east-1, eu-west-1 or ap-southeast-2';
        if (input)
            throw invalidInput(constants/* Input */.pd.AwsRegion, value, expected);
        throw new errors/* ConfigError */.xL(constants/* Input */.pd.AwsRegion, `AWS_REGION (used because '${constants/* Input */.pd.AwsRegion}' is empty) has the value ${shown(value)}; expected ${expected}.`);
    }
    return value;
}
function parseAwsCredentials(accessKeyId, secretAccessKey, sessionToken) {
    if (accessKeyId === '' && secretAccessKey === '') {
        if (sessionToken !== '') {
            throw new errors/* ConfigError */.xL(constants/* Input */.pd.AwsSessionToken, `Input '${constants/* Input */.pd.AwsSessionToken}' is set without '${constants/* Input */.pd.AwsAccessKeyId}' and '${constants/* Input */.pd.AwsSecretAccessKey}'; set all three, or none to use the default credential chain.`);
        }
        return undefined;
    }
    if (secretAccessKey === '') {
        throw new errors/* ConfigError */.xL(constants/* Input */.pd.AwsAccessKeyId, `Input '${constants/* Input */.pd.AwsAccessKeyId}' is set to ${shown(accessKeyId)} but '${constants/* Input */.pd.AwsSecretAccessKey}' is empty; set both, or neither to use the default credential chain.`);
    }
    if (accessKeyId === '') {
        throw new errors/* ConfigError */.xL(constants/* Input */.pd.AwsSecretAccessKey, `Input '${constants/* Input */.pd.AwsSecretAccessKey}' (value hidden) is set but '${constants/* Input */.pd.AwsAccessKeyId}' is empty; set both, or neither to use the default credential chain.`);
    }
    if (!/^[A-Z0-9]{16,128}$/.test(accessKeyId)) {
        throw invalidInput(constants/* Input */.pd.AwsAccessKeyId, accessKeyId, 'an access key ID of 16 to 128 upper-case letters and digits, such as AKIAIOSFODNN7EXAMPLE');
    }
    if (/\s/.test(secretAccessKey)) {
        throw invalidInput(constants/* Input */.pd.AwsSecretAccessKey, HIDDEN, 'the secret access key exactly as IAM issued it', 'it contains white space');
    }
    return { accessKeyId, secretAccessKey, sessionToken: sessionToken || undefined };
}
function parseWholeNumber(name, value, min, max) {
    if (!/^\d+$/.test(value) || Number(value) < min || Number(value) > max) {
        throw invalidInput(name, value, `a whole number from ${min} to ${max}`);
    }
    return Number(value);
}
const LOG_ID_PATTERN = /^\d{20,80}$/;
const DATE_PATTERN = /^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/i;
function parseStartFrom(value) {
    const lower = value.toLowerCase();
    if (lower === 'oldest')
        return { kind: 'oldest' };
    if (lower === 'now')
        return { kind: 'now' };
    if (LOG_ID_PATTERN.test(value))
        return { kind: 'log-id', logId: value };
    if (DATE_PATTERN.test(value)) {
        // A date-time without an offset is read as UTC, like Auth0's own log dates.
        const withZone = /(?:Z|[+-]\d{2}:?\d{2})$/i.test(value) || !value.includes(':') ? value : `${value}Z`;
        const date = new Date(withZone.replace(' ', 'T'));
        if (!Number.isNaN(date.getTime()) && sameCalendarDate(value, date, withZone)) {
            return { kind: 'date', date };
        }
    }
    throw invalidInput(constants/* Input */.pd.StartFrom, value, "'oldest', 'now', an Auth0 log_id (digits, as in a log's log_id field) or an ISO-8601 date or date-time such as 2026-11-01 or 2026-11-01T08:00:00Z");
}
/** Rejects dates that Date quietly rolls over, such as 2026-02-30. */
function sameCalendarDate(value, date, withZone) {
    if (/[+-]\d{2}:?\d{2}$/.test(withZone) && withZone.includes('T'))
        return true;
    const [year, month, day] = value.slice(0, 10).split('-').map(Number);
    return (date.getUTCFullYear() === year && date.getUTCMonth() + 1 === month && date.getUTCDate() === day);
}
function parseFilter(level, types, exclude) {
    let parsedLevel;
    try {
        parsedLevel = (0,logs_filter/* parseLogLevel */.ML)(level);
    }
    catch {
        throw invalidInput(constants/* Input */.pd.LogLevel, level, `0..4 or one of ${logs_filter/* LOG_LEVELS */.p_.join(', ')}`);
    }
    return {
        level: parsedLevel,
        types: parseTypes(constants/* Input */.pd.LogTypes, types),
        exclude: parseTypes(constants/* Input */.pd.ExcludeLogTypes, exclude),
    };
}
function parseTypes(name, value) {
    try {
        return (0,logs_filter/* parseLogTypeList */.Uy)(value);
    }
    catch (error) {
        throw invalidInput(name, value.trim(), 'log type codes, category:<name> or prefixes such as gd_*, separated by commas, spaces or newlines', (0,errors/* errorMessage */.gJ)(error));
    }
}
function parseSlackUrl(value) {
    if (value === '')
        return undefined;
    const fail = (why) => {
        throw invalidInput(constants/* Input */.pd.SlackWebhookUrl, HIDDEN, 'a Slack incoming webhook URL such as https://hooks.slack.com/services/T000/B000/XXXX', why);
    };
    let url;
    try {
        url = new URL(value);
    }
    catch {
        return fail('it is not a URL');
    }
    const loopback = ['localhost', '127.0.0.1', '[::1]'].includes(url.hostname);
    // Plain http is allowed only to this machine (a local relay); anything else would send the
    // report, and the webhook's secret path, in the clear.
    if (url.protocol !== 'https:' && !(url.protocol === 'http:' && loopback)) {
        fail(`it uses ${url.protocol.replace(':', '')} instead of https`);
    }
    return value;
}
function parseBoolean(name, value, defaultValue) {
    if (value === '')
        return defaultValue;
    if (BOOLEAN_TRUE.includes(value))
        return true;
    if (BOOLEAN_FALSE.includes(value))
        return false;
    throw invalidInput(name, value, 'true or false');
}
function parseChoice(name, value, choices) {
    const found = choices.find((choice) => choice === value.toLowerCase());
    if (found === undefined) {
        throw invalidInput(name, value, choices.map((choice) => `'${choice}'`).join(' or '));
    }
    return found;
}
function parseCheckpointKey(value, domain, group, stream) {
    if (value === '') {
        // One checkpoint per tenant and destination: two exports in a repository never share one.
        const digest = (0,external_node_crypto_.createHash)('sha256').update(`${domain}\n${group}\n${stream}`).digest('hex');
        return `auth0-logs-to-cloudwatch-${digest.slice(0, 16)}`;
    }
    if (!CHECKPOINT_KEY_PATTERN.test(value)) {
        throw invalidInput(constants/* Input */.pd.CheckpointKey, value, "1 to 200 letters, digits, '.', '_' or '-'");
    }
    return value;
}
function parseRetentionDays(value) {
    if (value === '')
        return undefined;
    const days = Number(value);
    if (!/^\d+$/.test(value) || !RETENTION_DAYS.includes(days)) {
        throw invalidInput(constants/* Input */.pd.RetentionDays, value, `one of ${RETENTION_DAYS.join(', ')} (days CloudWatch Logs supports), or empty to keep logs forever`);
    }
    return days;
}
/** `20%` of the bucket (x-ratelimit-limit), or a count of requests such as `5`. */
function parseRateLimitReserve(value) {
    const percent = /^(\d{1,2})%$/.exec(value);
    if (percent)
        return { percent: Number(percent[1]) };
    if (/^\d{1,4}$/.test(value) && Number(value) <= RATE_LIMIT_RESERVE_MAX_COUNT) {
        return { count: Number(value) };
    }
    throw invalidInput(constants/* Input */.pd.RateLimitReserve, value, `a percentage of the tenant's Management API bucket from 0% to 99% such as 20%, or a number of requests from 0 to ${RATE_LIMIT_RESERVE_MAX_COUNT}`);
}
const DURATION_UNITS = { s: 1_000, m: 60_000, h: 3_600_000 };
function parseDuration(name, value) {
    const match = /^(\d+(?:\.\d+)?)\s*(s|m|h)?$/i.exec(value);
    const ms = match ? Number(match[1]) * DURATION_UNITS[(match[2] ?? 'm').toLowerCase()] : NaN;
    if (!(ms >= MAX_DURATION_MIN_MS && ms <= MAX_DURATION_MAX_MS)) {
        throw invalidInput(name, value, 'a duration from 10s to 24h such as 90s, 20m or 1h (a bare number is minutes)');
    }
    return Math.round(ms);
}
/** PutMetricData's rules for a namespace, so that a wrong one fails the run before it starts. */
function parseMetricsNamespace(value) {
    if (value === '')
        return undefined;
    const fail = (why) => {
        throw invalidInput(constants/* Input */.pd.MetricsNamespace, value, `1 to ${METRICS_NAMESPACE_MAX} printable ASCII characters, not starting with ':' or 'AWS/', such as Auth0/LogExport (or empty for no metrics)`, why);
    };
    if (value.length > METRICS_NAMESPACE_MAX)
        fail(`it is ${value.length} characters long`);
    if (!PRINTABLE_ASCII.test(value)) {
        fail('it contains a control character or a character outside ASCII');
    }
    if (value.startsWith(':'))
        fail("CloudWatch refuses a namespace that starts with ':'");
    if (value.startsWith('AWS/'))
        fail("namespaces starting with 'AWS/' are reserved for AWS services");
    return value;
}
/** The stream name becomes the LogStream dimension, which CloudWatch accepts only in printable ASCII. */
function checkDimensionValue(input, value) {
    if (!PRINTABLE_ASCII.test(value)) {
        throw invalidInput(input, value, `a name in printable ASCII while '${constants/* Input */.pd.MetricsNamespace}' is set, or an empty '${constants/* Input */.pd.MetricsNamespace}'`, 'CloudWatch refuses other characters in the LogStream dimension of the metrics');
    }
}

;// CONCATENATED MODULE: ./src/inputs.ts
/**
 * Reads inputs the way @actions/core does: INPUT_<NAME upper-cased, spaces to underscores>. Both
 * steps read inputs; the post step needs nothing else of the configuration.
 */
function inputsFromEnv(env = process.env) {
    return (name) => env[`INPUT_${name.replace(/ /g, '_').toUpperCase()}`] ?? '';
}

// EXTERNAL MODULE: ./src/logs/log.ts
var logs_log = __webpack_require__(6625);
;// CONCATENATED MODULE: ./src/pipeline/cursor.ts

/**
 * Where the checkpoint may stand (delivery rule 2): never past a log that is neither stored by
 * CloudWatch nor deliberately skipped and counted.
 *
 * Every log the run reads passes through `consume`, in log_id order. A log whose delivery is still
 * open (in the batch being filled, waiting, or in flight) is `hold`-ed until its batch is
 * `release`-d. The checkpoint is then the log just before the oldest held one, or the last log
 * consumed when none is held; it only ever moves forward.
 */
class Cursor {
    onAdvance;
    lastConsumed;
    /** Held log_ids, oldest first (insertion order), each with the log consumed just before it. */
    held = new Map();
    position;
    constructor(start, onAdvance) {
        this.onAdvance = onAdvance;
        this.lastConsumed = start;
        this.position = start;
    }
    /** The current checkpoint: every log up to and including it is settled. */
    get checkpoint() {
        return this.position;
    }
    /** Notes that `log` was read; returns the log read just before it. */
    consume(log) {
        const previous = this.lastConsumed;
        this.lastConsumed = log;
        return previous;
    }
    /** Keeps the checkpoint before `logId` (consumed last, with `previous` before it) until released. */
    hold(logId, previous) {
        this.held.set(logId, previous);
    }
    /** The delivery of these logs is settled: stored, or refused and counted. */
    release(logIds) {
        for (const logId of logIds)
            this.held.delete(logId);
    }
    /** Moves the checkpoint as far as the settled logs allow; calls `onAdvance` when it moved. */
    advance() {
        const oldestHeld = this.held.entries().next();
        const target = oldestHeld.done ? this.lastConsumed : oldestHeld.value[1];
        if (!target)
            return;
        if (this.position && (0,logs_log/* compareLogIds */.oV)(target.logId, this.position.logId) <= 0)
            return;
        this.position = target;
        this.onAdvance(target);
    }
}

;// CONCATENATED MODULE: ./src/pipeline/pages.ts
/**
 * Reads pages after `after` in checkpoint mode, one request ahead of the consumer so that the next
 * page arrives while this one is batched. Ends at the first empty page (the end of the tenant's logs)
 * or when `stopping()` says so before the next request.
 */
async function* checkpointPages(source, after, take, stopping) {
    let pending = request(source, after, take);
    while (pending) {
        const logs = await pending;
        pending = undefined;
        const last = logs[logs.length - 1];
        if (last && !stopping())
            pending = request(source, last.log_id, take);
        yield logs;
    }
}
function request(source, from, take) {
    const page = source.page(from, take);
    // Consumed later; a failure surfaces when it is awaited, never as an unhandled rejection.
    page.catch(() => undefined);
    return page;
}

;// CONCATENATED MODULE: ./src/pipeline/sender.ts
/**
 * Sends batches one at a time, in the order given (delivery rule 4 rests on it: the newest log_id in
 * the stream proves every earlier log was stored). One batch is in flight while the next is filled;
 * a second sealed batch waits for the first to settle.
 */
class Sender {
    sink;
    onSettled;
    signal;
    inFlight;
    constructor(sink, onSettled, signal) {
        this.sink = sink;
        this.onSettled = onSettled;
        this.signal = signal;
    }
    /** Sends `batch` once the put in flight has settled; rejects with that put's failure. */
    async send(batch) {
        await this.settled();
        // Cancelled while waiting: this batch stays unsent, and the checkpoint stays before it.
        if (this.signal?.aborted)
            throw new Error('cancelled');
        const put = this.sink.put(batch).then((outcome) => {
            this.inFlight = undefined;
            this.onSettled(batch, outcome);
        });
        // A failure surfaces at the next `settled()`, never as an unhandled rejection.
        put.catch(() => undefined);
        this.inFlight = put;
    }
    /** Waits for the put in flight, if any; rejects with its failure. */
    async settled() {
        if (this.inFlight)
            await this.inFlight;
    }
    /** Waits for the put in flight without raising its failure (the run is failing already). */
    async quiesce() {
        await this.inFlight?.catch(() => undefined);
    }
}

;// CONCATENATED MODULE: ./src/pipeline/start.ts

/**
 * Where the run starts: the checkpoint, unless `start-from` changed since it was written (or there
 * is none); then never before the newest log the stream already holds (delivery rule 4).
 */
async function resolveStart(options, tail) {
    const { restored, startFromInput, log } = options;
    let start;
    if (restored && restored.startFrom === startFromInput) {
        start = {
            reason: 'checkpoint',
            after: { logId: restored.logId, date: restored.logDate },
            initial: [],
        };
    }
    else {
        if (restored) {
            log(`'start-from' changed from '${restored.startFrom}' to '${startFromInput}': starting from there`);
        }
        start = await fromInput(options.source, options.startFrom);
        if (restored)
            start.reason = 'start-from-changed';
    }
    if (!tail)
        return start;
    // The stream is the truth: never send again what it already holds (a crash between a put and a
    // checkpoint save, a lost cache entry, a start-from pointing back into exported logs).
    const startsBefore = start.initial[0]?.log_id ?? start.after?.logId;
    const inclusive = start.initial.length > 0;
    const tailIsNewer = startsBefore === undefined ||
        (inclusive
            ? (0,logs_log/* compareLogIds */.oV)(tail.logId, startsBefore) >= 0
            : (0,logs_log/* compareLogIds */.oV)(tail.logId, startsBefore) > 0);
    if (!tailIsNewer)
        return start;
    if (start.reason === 'checkpoint') {
        log(`The stream already holds logs up to ${tail.logId}, past the checkpoint ${start.after?.logId}: continuing after it`);
    }
    else if (restored) {
        log(`The stream already holds logs up to ${tail.logId}; continuing after it rather than sending them again`);
    }
    else {
        log(`No checkpoint was found; continuing after the newest log already in the stream, ${tail.logId}`);
    }
    return { reason: 'stream', after: { logId: tail.logId, date: tail.date }, initial: [] };
}
async function fromInput(source, from) {
    switch (from.kind) {
        case 'log-id':
            return { reason: 'start-from', after: { logId: from.logId }, initial: [] };
        case 'now': {
            const newest = await source.newest();
            return newest
                ? { reason: 'start-from', after: { logId: newest.log_id, date: newest.date }, initial: [] }
                : { reason: 'empty-tenant', initial: [] };
        }
        case 'oldest': {
            const oldest = await source.oldest();
            return oldest
                ? { reason: 'start-from', initial: [oldest] }
                : { reason: 'empty-tenant', initial: [] };
        }
        case 'date': {
            const [first] = await source.firstAtOrAfter(from.date, 1);
            return first
                ? { reason: 'start-from', initial: [first] }
                : { reason: 'empty-tenant', initial: [] };
        }
    }
}
/**
 * Auth0 keeps logs for at least a day on every plan, so a checkpoint younger than this cannot have
 * fallen out of retention; an older one is looked up before the run relies on it.
 */
const GAP_CHECK_AGE_MS = 23 * 3_600_000;
/** Whether logs after `after` may have been lost to Auth0's retention (delivery rule 7). */
async function findGap(source, after, now) {
    const date = after.date === undefined ? NaN : Date.parse(after.date);
    if (!Number.isNaN(date) && now - date < GAP_CHECK_AGE_MS)
        return undefined;
    if (await source.get(after.logId))
        return undefined;
    const oldest = await source.oldest();
    return { after, firstRetained: oldest ? { logId: oldest.log_id, date: oldest.date } : undefined };
}

// EXTERNAL MODULE: ./src/pipeline/tally.ts
var pipeline_tally = __webpack_require__(42712);
;// CONCATENATED MODULE: ./src/pipeline/export.ts








/** A run that stopped on an error, with the progress it made before. */
class ExportFailedError extends Error {
    cause;
    result;
    name = 'ExportFailedError';
    constructor(cause, result) {
        super((0,errors/* errorMessage */.gJ)(cause));
        this.cause = cause;
        this.result = result;
    }
}
/**
 * The pipeline: Auth0 pages -> filter -> batches -> CloudWatch, one put in flight while the next
 * page is fetched, the checkpoint moving only past logs that are stored, filtered or counted.
 */
async function runExport(options) {
    const now = options.now ?? Date.now;
    const log = options.log ?? (() => undefined);
    const { source, sink } = options;
    await sink.prepare();
    const tail = await sink.newestLogId();
    const start = await resolveStart({ ...options, log }, tail);
    const result = {
        startReason: start.reason,
        startedAfter: start.after,
        checkpointBefore: options.restored
            ? { logId: options.restored.logId, date: options.restored.logDate }
            : undefined,
        streamTail: tail,
        fetched: 0,
        tally: new pipeline_tally/* Tally */.F0(),
        newestLogDate: start.after?.date,
        // A tenant without a single log is as caught up as it gets.
        caughtUp: start.reason === 'empty-tenant',
        pages: 0,
    };
    if ((start.reason === 'checkpoint' || start.reason === 'stream') && start.after) {
        result.gap = await findGap(source, start.after, now());
        if (result.gap) {
            const from = start.after.date ?? `the log ${start.after.logId}`;
            const to = result.gap.firstRetained?.date ?? 'now';
            log(`Possible gap: the checkpoint's log is no longer retained by Auth0; logs dated between ${from} and ${to} may be missing`);
        }
    }
    const record = (position) => ({
        version: 1,
        logId: position.logId,
        logDate: position.date,
        ...options.target,
        startFrom: options.startFromInput,
        updatedAt: new Date(now()).toISOString(),
    });
    // A changed start-from or a newer stream tail moves the checkpoint before anything is sent, and
    // the record then carries the start-from in force so that the change applies only once.
    if (start.reason !== 'checkpoint' && start.after)
        options.onCheckpoint(record(start.after));
    const run = new ExportRun(options, result, start.after, (position) => {
        result.checkpointAfter = position;
        options.onCheckpoint(record(position));
    });
    try {
        await run.consumeAll(start.initial);
        const last = start.initial[start.initial.length - 1]?.log_id ?? start.after?.logId;
        if (last !== undefined && !run.stopping()) {
            for await (const logs of checkpointPages(source, last, options.batchSize, run.stopping)) {
                result.pages += 1;
                await run.consumeAll(logs);
                if (logs.length === 0)
                    result.caughtUp = true;
            }
        }
        await run.finish();
    }
    catch (error) {
        await run.abandon();
        if (options.signal?.aborted) {
            // A request cut short by the cancellation is not a failure of the export.
            result.stoppedBy = 'cancelled';
            result.caughtUp = false;
            log('Cancelled: the put in flight has settled and the checkpoint is kept');
            return result;
        }
        throw new ExportFailedError(error, result);
    }
    finally {
        result.checkpointAfter = run.cursor.checkpoint;
        const { redactor } = options;
        if (redactor) {
            result.redaction = {
                method: redactor.method,
                logs: redactor.logs(),
                fields: redactor.counts(),
                unmatched: redactor.unmatchedEntries(),
            };
        }
    }
    return result;
}
/** One run's moving parts: the batch being filled, the sender, the cursor and the tally. */
class ExportRun {
    options;
    result;
    cursor;
    builder = new BatchBuilder();
    sender;
    /** Types of the logs in open batches, to count them once CloudWatch has answered. */
    typeOf = new Map();
    now;
    log;
    constructor(options, result, start, onAdvance) {
        this.options = options;
        this.result = result;
        this.now = options.now ?? Date.now;
        this.log = options.log ?? (() => undefined);
        this.cursor = new Cursor(start, onAdvance);
        this.sender = new Sender(options.sink, (batch, outcome) => this.settle(batch, outcome), options.signal);
    }
    /** Whether the run should stop reading: cancelled, or out of time. Records why. */
    stopping = () => {
        if (this.options.signal?.aborted)
            this.result.stoppedBy = 'cancelled';
        else if (this.now() >= this.options.deadline)
            this.result.stoppedBy = 'max-duration';
        return this.result.stoppedBy !== undefined;
    };
    async consumeAll(logs) {
        for (const entry of logs)
            await this.consume(entry);
        this.cursor.advance();
    }
    /** After the last page: send what is pending (unless cancelled) and let the last put settle. */
    async finish() {
        const { stoppedBy } = this.result;
        if (stoppedBy) {
            this.log(stoppedBy === 'cancelled'
                ? 'Cancelled: letting the put in flight settle and keeping the checkpoint'
                : 'The time budget (max-duration) is spent: sending what is pending and stopping');
        }
        if (stoppedBy !== 'cancelled') {
            const last = this.builder.seal();
            if (last)
                await this.sender.send(last);
        }
        await this.sender.settled();
        this.cursor.advance();
    }
    /** The run is failing: let a put in flight settle first, since its acknowledgement still counts. */
    async abandon() {
        await this.sender.quiesce();
    }
    async consume(entry) {
        const { tally } = this.result;
        this.result.fetched += 1;
        this.result.newestLogDate = entry.date;
        const previous = this.cursor.consume({ logId: entry.log_id, date: entry.date });
        if (!this.options.filter.accepts(entry.type)) {
            tally.countFiltered(entry.type);
            return;
        }
        const timestamp = (0,logs_log/* logTimestamp */.F1)(entry);
        if (Number.isNaN(timestamp)) {
            tally.countRejected(entry.type, entry.log_id, 'bad-date');
            return;
        }
        // Redacted before it is measured and batched: the size limits apply to what is sent.
        const { redactor } = this.options;
        const message = JSON.stringify(redactor ? redactor.redact(entry) : entry);
        const event = toPendingEvent(entry.log_id, timestamp, message);
        if (event.bytes > MAX_MESSAGE_BYTES) {
            // One event may hold at most 1 MiB; such a log can never be stored, so it is counted and passed.
            tally.countRejected(entry.type, entry.log_id, 'too-large');
            return;
        }
        this.typeOf.set(entry.log_id, entry.type);
        this.cursor.hold(entry.log_id, previous);
        const sealed = this.builder.add(event);
        if (sealed)
            await this.sender.send(sealed);
    }
    settle(batch, outcome) {
        const { tally } = this.result;
        const rejected = new Map(outcome.rejected.map((entry) => [entry.logId, entry.reason]));
        batch.logIds.forEach((logId, index) => {
            const type = this.typeOf.get(logId) ?? 'unknown';
            this.typeOf.delete(logId);
            const reason = rejected.get(logId);
            if (reason)
                tally.countRejected(type, logId, reason);
            else
                tally.countExported(type, batch.events[index].timestamp);
        });
        if (outcome.rejected.length > 0) {
            this.log(`CloudWatch refused ${outcome.rejected.length} events of a batch (${(0,pipeline_tally/* describeRejected */.uh)(outcome.rejected)})`);
        }
        this.cursor.release(batch.logIds);
        this.cursor.advance();
    }
}

// EXTERNAL MODULE: ./src/report/outputs.ts
var report_outputs = __webpack_require__(65468);
// EXTERNAL MODULE: ./src/report/summary.ts + 1 modules
var summary = __webpack_require__(874);
;// CONCATENATED MODULE: ./src/report/warnings.ts

const TITLES = {
    input: 'Auth0 logs: input',
    'checkpoint-store': 'Auth0 logs: checkpoint store',
    gap: 'Auth0 logs: possible gap',
    'no-checkpoint': 'Auth0 logs: no checkpoint',
    rejected: 'Auth0 logs: logs CloudWatch could not store',
    lag: 'Auth0 logs: export behind',
    slack: 'Auth0 logs: Slack',
    metrics: 'Auth0 logs: CloudWatch metrics',
    summary: 'Auth0 logs: job summary',
    cancelled: 'Auth0 logs: cancelled',
    redaction: 'Auth0 logs: redaction',
};
/**
 * Collects a run's warnings for the summary and annotates the first of each kind: GitHub shows at
 * most 10 warning annotations per step, so repeats go to the log only.
 */
class Warnings {
    all = [];
    annotated = new Set();
    add(kind, message) {
        this.all.push(message);
        if (this.annotated.has(kind)) {
            core/* info */.pq(`Warning: ${message}`);
            return;
        }
        this.annotated.add(kind);
        core/* warning */.$e(message, { title: TITLES[kind] });
    }
}

;// CONCATENATED MODULE: ./src/action.ts















/** After the first SIGINT or SIGTERM the run has this long to settle before it exits anyway. */
const CANCEL_GRACE_MS = 6_000;
/** The longest a run waits for CloudWatch to take its metrics. */
const METRICS_TIMEOUT_MS = 20_000;
/** Of a cancelled run's grace, what is kept after the metrics for Slack and the summary. */
const AFTER_METRICS_MS = 1_500;
/** The main step: restore the checkpoint, export, report. */
async function runMain(env = process.env) {
    const report = { startedAt: Date.now(), finishedAt: Date.now(), warnings: [] };
    let config;
    try {
        const read = inputsFromEnv(env);
        maskSecretInputs(read);
        config = readConfig(read, env);
    }
    catch (error) {
        core/* setFailed */.C1((0,errors/* errorMessage */.gJ)(error));
        return;
    }
    report.tenant = config.auth0Domain;
    report.logGroup = config.logGroup;
    report.logStream = config.logStream;
    const warnings = new Warnings();
    report.warnings = warnings.all;
    const cancel = new AbortController();
    let signalledAt;
    const onSignal = (signal) => {
        signalledAt = Date.now();
        warnings.add('cancelled', `Received ${signal}: stopping after the put in flight; progress is kept.`);
        cancel.abort();
        // The runner kills the process 10 s after SIGINT; exit before that with the state written.
        setTimeout(() => process.exit(1), CANCEL_GRACE_MS).unref();
    };
    process.once('SIGINT', onSignal);
    process.once('SIGTERM', onSignal);
    for (const warning of config.warnings)
        warnings.add('input', warning);
    const settings = {
        kind: config.checkpointStore,
        key: config.checkpointKey,
        githubToken: config.githubToken,
        artifactRetentionDays: config.artifactRetentionDays,
    };
    let sink;
    let dryRun;
    let source;
    let result;
    try {
        // The SDKs load only now, after the inputs are checked: a bad input fails at once.
        const [store, { Auth0LogSource }, { CloudWatchSink }] = await Promise.all([
            createCheckpointStore(settings, env, {
                warn: (message) => warnings.add('checkpoint-store', message),
                info: (message) => core/* info */.pq(message),
            }),
            Promise.all(/* import() */[__webpack_require__.e(609), __webpack_require__.e(912), __webpack_require__.e(779)]).then(__webpack_require__.bind(__webpack_require__, 97779)),
            Promise.all(/* import() */[__webpack_require__.e(609), __webpack_require__.e(861), __webpack_require__.e(303), __webpack_require__.e(949)]).then(__webpack_require__.bind(__webpack_require__, 27949)),
        ]);
        const restored = await restoreCheckpoint(store, config);
        report.checkpointSource = restored?.source;
        if (restored) {
            report.checkpointBefore = { logId: restored.record.logId, date: restored.record.logDate };
        }
        const { githubToken: _token, ...kept } = settings;
        const storeState = {
            settings: kept,
            restored: restored?.record,
            dryRun: config.dryRun || undefined,
        };
        core/* saveState */.LZ(constants/* State */.Uw.Store, JSON.stringify(storeState));
        if (restored) {
            core/* info */.pq(`Restored the checkpoint ${restored.record.logId} from the ${restored.source}`);
        }
        else {
            core/* info */.pq('No checkpoint was found for this export');
        }
        source = new Auth0LogSource({
            domain: config.auth0Domain,
            clientId: config.auth0ClientId,
            clientSecret: config.auth0ClientSecret,
            onToken: (token) => core/* setSecret */.Pq(token),
            log: (message) => core/* info */.pq(message),
            signal: cancel.signal,
            maxConcurrency: config.maxConcurrency,
            reserve: config.rateLimitReserve,
        });
        sink = new CloudWatchSink({
            logGroup: config.logGroup,
            logStream: config.logStream,
            region: config.awsRegion,
            credentials: config.awsCredentials,
            createIfMissing: config.createIfMissing,
            retentionDays: config.retentionDays,
            log: (message) => core/* info */.pq(message),
            signal: cancel.signal,
        });
        if (config.dryRun) {
            dryRun = new DryRunSink(sink);
            core/* info */.pq('Dry run: reading and batching as usual; nothing is written to CloudWatch.');
        }
        result = await runExport({
            target: {
                tenant: config.auth0Domain,
                logGroup: config.logGroup,
                logStream: config.logStream,
            },
            batchSize: config.batchSize,
            startFrom: config.startFrom,
            startFromInput: config.startFromInput,
            source,
            sink: dryRun ?? sink,
            filter: (0,logs_filter/* createLogFilter */.Bj)(config.filter),
            redactor: config.redaction && createRedactor(config.redaction),
            restored: restored?.record,
            onCheckpoint: (record) => {
                // A dry run hands the post step nothing to save.
                if (config.dryRun)
                    return;
                // Written synchronously: a crash or kill right after still hands it to the post step.
                core/* saveState */.LZ(constants/* State */.Uw.Checkpoint, JSON.stringify(record));
            },
            deadline: report.startedAt + config.maxDurationMs,
            signal: cancel.signal,
            log: (message) => core/* info */.pq(message),
        });
        for (const [kind, warning] of runWarnings(result, restored !== undefined)) {
            warnings.add(kind, warning);
        }
        if (result.redaction)
            core/* info */.pq(describeRedaction(result.redaction));
        core/* info */.pq(`Exported ${result.tally.exported} logs (${result.tally.filtered} filtered, ${result.tally.rejected.length} rejected); checkpoint ${result.checkpointAfter?.logId ?? 'none'}; caught up: ${result.caughtUp}`);
        if (result.stoppedBy === 'cancelled')
            core/* setFailed */.C1('The run was cancelled; its progress is kept.');
    }
    catch (error) {
        if (error instanceof ExportFailedError)
            result = error.result;
        report.error = (0,errors/* errorMessage */.gJ)(error);
        core/* setFailed */.C1(report.error);
        if (!(error instanceof errors/* ActionError */.lZ) && error instanceof Error && error.stack) {
            core/* debug */.Yz(error.stack);
        }
    }
    finally {
        process.removeListener('SIGINT', onSignal);
        process.removeListener('SIGTERM', onSignal);
        source?.close();
        sink?.close();
    }
    report.finishedAt = Date.now();
    report.result = result;
    report.auth0 = source && { ...source.stats, maxConcurrency: config.maxConcurrency };
    report.cloudwatch = dryRun ? undefined : sink?.stats;
    report.dryRun = dryRun?.stats;
    if (result) {
        const outputs = (0,report_outputs/* outputsOf */.Y)(result, report.finishedAt, { dryRun: config.dryRun });
        for (const [name, value] of Object.entries(outputs)) {
            core/* setOutput */.uH(name, value);
        }
    }
    if (config.metricsNamespace !== undefined && !config.dryRun) {
        // Every run past input validation reports, a failed or cancelled one too: an alarm on these
        // metrics is what notices a schedule that stopped running. A dry run writes nothing.
        const { sendRunMetrics } = await Promise.all(/* import() */[__webpack_require__.e(609), __webpack_require__.e(861), __webpack_require__.e(85), __webpack_require__.e(501)]).then(__webpack_require__.bind(__webpack_require__, 2501));
        const outcome = await sendRunMetrics({
            namespace: config.metricsNamespace,
            target: {
                tenant: config.auth0Domain,
                logGroup: config.logGroup,
                logStream: config.logStream,
            },
            figures: runFigures(report, result),
            region: config.awsRegion,
            credentials: config.awsCredentials,
            // A cancelled run sends within the grace it has left before it exits, or gives up.
            deadline: signalledAt === undefined
                ? Date.now() + METRICS_TIMEOUT_MS
                : signalledAt + CANCEL_GRACE_MS - AFTER_METRICS_MS,
            log: (message) => core/* info */.pq(message),
        });
        if (outcome.warning)
            warnings.add('metrics', outcome.warning);
    }
    const lag = result && !report.error ? (0,report_outputs/* lagSeconds */.I)(result, report.finishedAt) : undefined;
    const lagging = config.maxLagMinutes !== undefined && lag !== undefined && lag > config.maxLagMinutes * 60;
    if (lagging) {
        warnings.add('lag', `The export is ${(0,summary/* formatDuration */.a3)(lag * 1000)} behind, more than the ${config.maxLagMinutes} minutes '${constants/* Input */.pd.MaxLagMinutes}' allows. Run it more often, raise '${constants/* Input */.pd.MaxDuration}', or check the Auth0 rate limits.`);
    }
    // A dry run reports in the job summary only.
    if (config.slackWebhookUrl && !config.dryRun) {
        const reason = report.error !== undefined
            ? 'failed'
            : lagging
                ? 'lagging'
                : config.slackSendSuccess
                    ? 'succeeded'
                    : undefined;
        if (reason) {
            const { sendSlack, slackMessage } = await __webpack_require__.e(/* import() */ 486).then(__webpack_require__.bind(__webpack_require__, 53486));
            const failure = await sendSlack(config.slackWebhookUrl, slackMessage(report, reason, { runUrl: runUrl(env), maxLagMinutes: config.maxLagMinutes }));
            if (failure)
                warnings.add('slack', failure);
        }
    }
    await writeSummary((0,summary/* renderSummary */.Br)(report));
}
/** The figures the metrics carry: the run's outputs, with a failure and a cancellation counted as failed. */
function runFigures(report, result) {
    return {
        failed: report.error !== undefined || result?.stoppedBy === 'cancelled',
        exported: result?.tally.exported ?? 0,
        filtered: result?.tally.filtered ?? 0,
        rejected: result?.tally.rejected.length ?? 0,
        lagSeconds: result ? (0,report_outputs/* lagSeconds */.I)(result, report.finishedAt) : undefined,
        caughtUp: result?.caughtUp ?? false,
    };
}
function runUrl(env) {
    const { GITHUB_SERVER_URL: server, GITHUB_REPOSITORY: repository, GITHUB_RUN_ID: runId } = env;
    if (!server || !repository || !runId)
        return undefined;
    const attempt = env.GITHUB_RUN_ATTEMPT && env.GITHUB_RUN_ATTEMPT !== '1'
        ? `/attempts/${env.GITHUB_RUN_ATTEMPT}`
        : '';
    return `${server}/${repository}/actions/runs/${runId}${attempt}`;
}
async function restoreCheckpoint(store, config) {
    const restored = await store.restore();
    if (!restored)
        return undefined;
    const target = {
        tenant: config.auth0Domain,
        logGroup: config.logGroup,
        logStream: config.logStream,
    };
    if (!(0,record/* sameTarget */.c)(restored.record, target)) {
        const { tenant, logGroup, logStream } = restored.record;
        throw new errors/* ConfigError */.xL(constants/* Input */.pd.CheckpointKey, `The checkpoint under the key '${config.checkpointKey}' belongs to another export (${tenant} to ${logGroup}/${logStream}), not to ${target.tenant} to ${target.logGroup}/${target.logStream}. Give each export its own '${constants/* Input */.pd.CheckpointKey}', or leave it empty to derive one.`);
    }
    return restored;
}
/** What a person should know about a run that still succeeded. */
function runWarnings(result, hadCheckpoint) {
    const warnings = [];
    if (result.gap) {
        const from = result.gap.after.date ?? `the log ${result.gap.after.logId}`;
        const to = result.gap.firstRetained?.date ?? 'now';
        warnings.push([
            'gap',
            `Possible gap: the checkpoint's log ${result.gap.after.logId} is no longer retained by Auth0, so logs dated between ${from} and ${to} may be missing from the stream. Run the export more often than the tenant's log retention (1 day on free plans).`,
        ]);
    }
    if (!hadCheckpoint && result.startReason === 'stream' && result.streamTail) {
        warnings.push([
            'no-checkpoint',
            `No checkpoint was found in the store (a cache entry is evicted after 7 days unused; or the store or key changed): continued after the newest log already in the stream, ${result.streamTail.logId}.`,
        ]);
    }
    const redaction = result.redaction;
    // A run with nothing new to export proves nothing about the entries.
    const unmatched = redaction && redaction.logs > 0 ? redaction.unmatched : [];
    for (const entry of unmatched) {
        warnings.push([
            'redaction',
            `'${constants/* Input */.pd.RedactFields}' names '${entry}', which matched no value in the ${redaction?.logs} logs of this run. Check its spelling (keys are case-sensitive, and a dot path starts at the root of the log); docs/pii-fields.md lists where Auth0 puts each field.`,
        ]);
    }
    const { rejected } = result.tally;
    if (rejected.length > 0) {
        warnings.push([
            'rejected',
            `${rejected.length} logs could not be stored in CloudWatch and were counted and passed over: ${(0,pipeline_tally/* describeRejected */.uh)(rejected)}. Their log_ids are listed in the job summary.`,
        ]);
    }
    return warnings;
}
/**
 * Masks every secret input as given, before it is checked: a value the config refuses (a key too
 * short, a URL with a typo) is a secret all the same.
 */
function maskSecretInputs(read) {
    for (const name of constants/* SECRET_INPUTS */.pH) {
        const value = read(name).trim();
        if (value !== '')
            core/* setSecret */.Pq(value);
    }
}
/** Field names and counts only: the values redacted are never printed. */
function describeRedaction(redaction) {
    const redacted = redaction.fields.filter((field) => field.values > 0);
    const total = redacted.reduce((sum, field) => sum + field.values, 0);
    const fields = redacted.map((field) => `${field.field} ${field.values}`).join(', ');
    return `Redacted (${redaction.method}) ${total} values${fields ? `: ${fields}` : ''}`;
}
async function writeSummary(markdown) {
    if (!process.env.GITHUB_STEP_SUMMARY)
        return;
    try {
        await core/* summary */.z.addRaw(markdown).write();
    }
    catch (error) {
        core/* warning */.$e(`Writing the job summary failed: ${(0,errors/* errorMessage */.gJ)(error)}`);
    }
}


/***/ }),

/***/ 83361:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   c: () => (/* binding */ sameTarget),
/* harmony export */   n: () => (/* binding */ parseCheckpointRecord)
/* harmony export */ });
function parseCheckpointRecord(text) {
    let value;
    try {
        value = JSON.parse(text);
    }
    catch {
        return undefined;
    }
    if (typeof value !== 'object' || value === null)
        return undefined;
    const record = value;
    const strings = [
        record.logId,
        record.tenant,
        record.logGroup,
        record.logStream,
        record.startFrom,
    ];
    if (record.version !== 1 ||
        !strings.every((field) => typeof field === 'string' && field !== '')) {
        return undefined;
    }
    return record;
}
function sameTarget(record, target) {
    return (record.tenant === target.tenant &&
        record.logGroup === target.logGroup &&
        record.logStream === target.logStream);
}


/***/ }),

/***/ 27242:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Uw: () => (/* binding */ State),
/* harmony export */   k7: () => (/* binding */ Output),
/* harmony export */   pH: () => (/* binding */ SECRET_INPUTS),
/* harmony export */   pd: () => (/* binding */ Input)
/* harmony export */ });
/** Names that cross the boundary between action.yml, the main step and the post step. */
const Input = {
    Auth0Domain: 'auth0-domain',
    Auth0ClientId: 'auth0-client-id',
    Auth0ClientSecret: 'auth0-client-secret',
    LogGroup: 'log-group',
    LogStream: 'log-stream',
    AwsRegion: 'aws-region',
    AwsAccessKeyId: 'aws-access-key-id',
    AwsSecretAccessKey: 'aws-secret-access-key',
    AwsSessionToken: 'aws-session-token',
    BatchSize: 'batch-size',
    StartFrom: 'start-from',
    LogLevel: 'log-level',
    LogTypes: 'log-types',
    ExcludeLogTypes: 'exclude-log-types',
    SlackWebhookUrl: 'slack-webhook-url',
    SlackSendSuccess: 'slack-send-success',
    MaxLagMinutes: 'max-lag-minutes',
    CheckpointStore: 'checkpoint-store',
    CheckpointKey: 'checkpoint-key',
    ArtifactRetentionDays: 'artifact-retention-days',
    GithubToken: 'github-token',
    CreateIfMissing: 'create-if-missing',
    RetentionDays: 'retention-days',
    MaxDuration: 'max-duration',
    DryRun: 'dry-run',
    MetricsNamespace: 'metrics-namespace',
    RedactFields: 'redact-fields',
    RedactMethod: 'redact-method',
    RedactKey: 'redact-key',
    MaxConcurrency: 'max-concurrency',
    RateLimitReserve: 'rate-limit-reserve',
};
/** Inputs whose values are masked in the log before anything else happens, valid or not. */
const SECRET_INPUTS = [
    Input.Auth0ClientSecret,
    Input.AwsSecretAccessKey,
    Input.AwsSessionToken,
    Input.SlackWebhookUrl,
    Input.GithubToken,
    Input.RedactKey,
];
const Output = {
    LogsExported: 'logs-exported',
    LogsFiltered: 'logs-filtered',
    LogsRejected: 'logs-rejected',
    Checkpoint: 'checkpoint',
    LastLogDate: 'last-log-date',
    LagSeconds: 'lag-seconds',
    CaughtUp: 'caught-up',
    /** JSON: per redacted field, how many values this run redacted. */
    Redacted: 'redacted',
};
/** Keys handed from the main step to the post step through GITHUB_STATE. */
const State = {
    /** JSON of the checkpoint record after the last acknowledged batch. */
    Checkpoint: 'checkpoint',
    /** JSON of what the post step needs to save it: store, key, restored key. */
    Store: 'checkpoint-store',
};


/***/ }),

/***/ 83916:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   gJ: () => (/* binding */ errorMessage),
/* harmony export */   lZ: () => (/* binding */ ActionError),
/* harmony export */   xL: () => (/* binding */ ConfigError)
/* harmony export */ });
/** A failure the user can act on: `message` says what went wrong and what to do next. */
class ActionError extends Error {
    name = 'ActionError';
}
/** A rejected input. Raised before any network call. */
class ConfigError extends ActionError {
    input;
    name = 'ConfigError';
    constructor(input, message) {
        super(message);
        this.input = input;
    }
}
function errorMessage(error) {
    if (error instanceof Error)
        return error.message;
    if (typeof error === 'string')
        return error;
    try {
        return JSON.stringify(error);
    }
    catch {
        return String(error);
    }
}


/***/ }),

/***/ 63800:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  p_: () => (/* binding */ LOG_LEVELS),
  Bj: () => (/* binding */ createLogFilter),
  kE: () => (/* binding */ describeLogType),
  k1: () => (/* binding */ findLogType),
  sG: () => (/* binding */ outcomeOf),
  ML: () => (/* binding */ parseLogLevel),
  Uy: () => (/* binding */ parseLogTypeList),
  rj: () => (/* binding */ unknownCodeWarnings)
});

// UNUSED EXPORTS: LogFilterInputError, levelOf

// EXTERNAL MODULE: ./src/errors.ts
var errors = __webpack_require__(83916);
;// CONCATENATED MODULE: ./src/logs/log-type-catalog.ts
// Generated by script/generate-log-types.ts from third_party/auth0-log-schemas and
// script/log-types/sources.ts: do not edit; run `npm run generate:log-types`.
/** The log-stream event categories (Auth0 Tenant Log Catalog); `other` holds the rest. */
const LOG_CATEGORIES = [
    'actions',
    'auth-login-fail',
    'auth-login-notification',
    'auth-login-success',
    'auth-logout-fail',
    'auth-logout-success',
    'auth-signup-fail',
    'auth-signup-success',
    'auth-silent-auth-fail',
    'auth-silent-auth-success',
    'auth-token-exchange-fail',
    'auth-token-exchange-success',
    'management-success',
    'scim-event',
    'system-notification',
    'user-fail',
    'user-notification',
    'user-success',
    'other',
];
const LOG_TYPE_CATALOG = [
    {
        code: 'acls_summary',
        name: 'Network ACLs summary',
        description: 'Shows the summary of the network ACLs matches for a period of time',
        category: 'other',
        level: 1,
        knownToExtension: false,
        retired: false,
    },
    {
        code: 'actions_execution_failed',
        name: 'Execution of an Action failed',
        description: 'Execution of an Action failed',
        category: 'actions',
        level: 3,
        knownToExtension: false,
        retired: false,
    },
    {
        code: 'acul_sdk_notice',
        name: 'Advanced Customizations for Universal Login (ACUL) SDK event type',
        description: 'ACUL SDK Notification',
        category: 'system-notification',
        level: 1,
        knownToExtension: false,
        retired: false,
    },
    {
        code: 'admin_update_launch',
        name: 'Auth0 Update Launched (Private Cloud only)',
        description: 'Auth0 Update Launched (Private Cloud only)',
        category: 'other',
        level: 1,
        knownToExtension: true,
        retired: true,
    },
    {
        code: 'api_limit',
        name: 'Rate Limit notice on Authentication or Management API',
        description: 'The maximum number of requests to the Authentication or Management APIs in given time was reached',
        category: 'system-notification',
        dashboardFilter: 'error',
        level: 4,
        knownToExtension: true,
        retired: false,
    },
    {
        code: 'api_limit_warning',
        name: 'Rate Limit Warning notice on Authentication or Management API',
        description: 'The limit of requests to the Authentication or Management APIs in given time is about to be reached',
        category: 'system-notification',
        level: 2,
        knownToExtension: false,
        retired: false,
    },
    {
        code: 'appi',
        name: 'Notice for API Peak Performance Initiated',
        description: 'API Peak Performance Rate is initiated',
        category: 'system-notification',
        level: 1,
        knownToExtension: false,
        retired: false,
    },
    {
        code: 'ciba_exchange_failed',
        name: 'Failed CIBA Exchange',
        description: 'Failed CIBA Exchange',
        category: 'auth-token-exchange-fail',
        level: 3,
        knownToExtension: false,
        retired: false,
    },
    {
        code: 'ciba_exchange_succeeded',
        name: 'Successful CIBA Exchange',
        description: 'Successful CIBA Exchange',
        category: 'auth-token-exchange-success',
        level: 1,
        knownToExtension: false,
        retired: false,
    },
    {
        code: 'ciba_start_failed',
        name: 'Failed CIBA Start',
        description: 'Failed CIBA Start',
        category: 'other',
        level: 3,
        knownToExtension: false,
        retired: false,
    },
    {
        code: 'ciba_start_succeeded',
        name: 'Successful CIBA Start',
        description: 'Successful CIBA Start',
        category: 'other',
        level: 1,
        knownToExtension: false,
        retired: false,
    },
    {
        code: 'cls',
        name: 'Code or Link Sent for Passwordless Login',
        description: 'Passwordless Login Code/Link Sent',
        category: 'other',
        dashboardFilter: 'success',
        level: 1,
        knownToExtension: true,
        retired: false,
    },
    {
        code: 'coff',
        name: 'AD/LDAP Connector Offline',
        description: 'AD/LDAP Connector Offline',
        category: 'other',
        level: 3,
        knownToExtension: true,
        retired: true,
    },
    {
        code: 'con',
        name: 'AD/LDAP Connector Online',
        description: 'AD/LDAP Connector Online',
        category: 'other',
        level: 1,
        knownToExtension: true,
        retired: true,
    },
    {
        code: 'connected_accounts_connection_failed',
        name: 'Failed connected account connection',
        description: 'User failed to connect a third-party account',
        category: 'user-fail',
        level: 3,
        knownToExtension: false,
        retired: false,
    },
    {
        code: 'connected_accounts_connection_succeeded',
        name: 'Successful connected account connection',
        description: 'User successfully connected a third-party account',
        category: 'user-success',
        level: 1,
        knownToExtension: false,
        retired: false,
    },
    {
        code: 'connected_accounts_delete_failed',
        name: 'Failed connected account delete',
        description: 'User failed to delete a connected third-party account',
        category: 'user-fail',
        level: 3,
        knownToExtension: false,
        retired: false,
    },
    {
        code: 'connected_accounts_delete_succeeded',
        name: 'Successful connected account delete',
        description: 'User successfully deleted a connected third-party account',
        category: 'user-success',
        level: 1,
        knownToExtension: false,
        retired: false,
    },
    {
        code: 'cs',
        name: 'Code Sent for Passwordless Login',
        description: 'Passwordless Login Code Sent',
        category: 'user-notification',
        dashboardFilter: 'success',
        level: 1,
        knownToExtension: true,
        retired: false,
    },
    {
        code: 'custom_domain_verification_failed',
        name: 'Custom Domain Verification Failed',
        description: 'Unable to verify a custom domain',
        category: 'system-notification',
        level: 3,
        knownToExtension: false,
        retired: false,
    },
    {
        code: 'depnote',
        name: 'Deprecation Notice',
        description: 'Deprecation Notice',
        category: 'system-notification',
        dashboardFilter: 'warning',
        level: 2,
        knownToExtension: true,
        retired: false,
    },
    {
        code: 'directory_sync_completed',
        name: 'Inbound Directory Sync',
        description: 'Inbound Directory Sync',
        category: 'system-notification',
        level: 1,
        knownToExtension: false,
        retired: false,
    },
    {
        code: 'directory_sync_failed',
        name: 'Inbound Directory Sync Failed',
        description: 'Inbound Directory Sync Failed',
        category: 'system-notification',
        level: 3,
        knownToExtension: false,
        retired: false,
    },
    {
        code: 'directory_sync_started',
        name: 'Inbound Directory Sync Started',
        description: 'Inbound Directory Sync Started',
        category: 'system-notification',
        level: 1,
        knownToExtension: false,
        retired: false,
    },
    {
        code: 'du',
        name: 'Deleted User',
        description: 'Deleted User',
        category: 'other',
        level: 3,
        knownToExtension: true,
        retired: true,
    },
    {
        code: 'f',
        name: 'Failed Login',
        description: 'Failed Login. This is only emitted if the error is not covered by the `fp` or `fu` log types',
        category: 'auth-login-fail',
        dashboardFilter: 'error',
        level: 3,
        knownToExtension: true,
        retired: false,
    },
    {
        code: 'failed_on_behalf_of_token_exchange',
        name: 'Failed Exchange via On-Behalf-Of Token Exchange',
        description: 'Failed Exchange via On-Behalf-Of Token Exchange',
        category: 'auth-token-exchange-fail',
        level: 3,
        knownToExtension: false,
        retired: false,
    },
    {
        code: 'fapi',
        name: 'Failed API Operation',
        description: 'Failed API Operation',
        category: 'other',
        level: 3,
        knownToExtension: true,
        retired: true,
    },
    {
        code: 'fc',
        name: 'Failed by Connector',
        description: 'Failed by Connector',
        category: 'other',
        level: 3,
        knownToExtension: true,
        retired: false,
    },
    {
        code: 'fce',
        name: 'Failed Change Email',
        description: 'Failed to change user email',
        category: 'user-fail',
        dashboardFilter: 'error',
        level: 3,
        knownToExtension: true,
        retired: false,
    },
    {
        code: 'fco',
        name: 'Failed due to CORS',
        description: 'Failed due to CORS. Is the origin in the Allowed Origins list for the specified application?',
        category: 'other',
        dashboardFilter: 'error',
        level: 3,
        knownToExtension: true,
        retired: false,
    },
    {
        code: 'fcoa',
        name: 'Failed Cross-Origin Authentication',
        description: 'Failed Cross-Origin Authentication',
        category: 'auth-login-fail',
        dashboardFilter: 'error',
        level: 3,
        knownToExtension: true,
        retired: false,
    },
    {
        code: 'fcp',
        name: 'Failed Change Password',
        description: 'Failed Change Password',
        category: 'user-fail',
        dashboardFilter: 'error',
        level: 3,
        knownToExtension: true,
        retired: false,
    },
    {
        code: 'fcph',
        name: 'Failed Post Change Password Hook',
        description: 'Failed Post Change Password Hook',
        category: 'user-fail',
        dashboardFilter: 'error',
        level: 3,
        knownToExtension: true,
        retired: false,
    },
    {
        code: 'fcpn',
        name: 'Failed Change Phone Number',
        description: 'Failed Change Phone Number',
        category: 'user-fail',
        dashboardFilter: 'error',
        level: 3,
        knownToExtension: true,
        retired: false,
    },
    {
        code: 'fcpr',
        name: 'Failed Change Password Request',
        description: 'Failed Change Password Request',
        category: 'user-fail',
        dashboardFilter: 'error',
        level: 3,
        knownToExtension: true,
        retired: false,
    },
    {
        code: 'fcpro',
        name: 'Failed Connector Provisioning',
        description: 'Failed to provision a AD/LDAP connector',
        category: 'system-notification',
        dashboardFilter: 'error',
        level: 4,
        knownToExtension: true,
        retired: false,
    },
    {
        code: 'fcu',
        name: 'Failed Change Username',
        description: 'Failed to change username',
        category: 'user-fail',
        dashboardFilter: 'error',
        level: 3,
        knownToExtension: true,
        retired: false,
    },
    {
        code: 'fd',
        name: 'Failed Delegation',
        description: 'Failed to generate delegation token',
        category: 'user-fail',
        dashboardFilter: 'error',
        level: 3,
        knownToExtension: true,
        retired: false,
    },
    {
        code: 'fdeac',
        name: 'Failed Device Confirmation - Device Activation Failure',
        description: 'Failed Device Confirmation - Device Activation Failure',
        category: 'other',
        dashboardFilter: 'error',
        level: 3,
        knownToExtension: false,
        retired: false,
    },
    {
        code: 'fdeaz',
        name: 'Failed Device Confirmation - Request Failure',
        description: 'Failed Device Confirmation - Request Failure',
        category: 'user-fail',
        dashboardFilter: 'error',
        level: 3,
        knownToExtension: false,
        retired: false,
    },
    {
        code: 'fdecc',
        name: 'Failed Device Confirmation - User Canceled',
        description: 'Failed Device Confirmation - User Canceled',
        category: 'user-fail',
        dashboardFilter: 'error',
        level: 3,
        knownToExtension: false,
        retired: false,
    },
    {
        code: 'fdeleacft',
        name: 'Failed to Exchange Delegated Authorization Code for Access Token',
        description: 'Failed to Exchange Delegated Authorization Code for Access Token',
        category: 'auth-token-exchange-fail',
        level: 3,
        knownToExtension: false,
        retired: false,
    },
    {
        code: 'fdelsa',
        name: 'Failed Delegated Silent Authentication',
        description: 'Failed Delegated Silent Authentication',
        category: 'auth-silent-auth-fail',
        level: 3,
        knownToExtension: false,
        retired: false,
    },
    {
        code: 'fdu',
        name: 'Failed User Deletion',
        description: 'Failed User Deletion',
        category: 'user-fail',
        dashboardFilter: 'error',
        level: 3,
        knownToExtension: true,
        retired: false,
    },
    {
        code: 'feacft',
        name: 'Failed Exchange of Authorization Code for Access Token',
        description: 'Failed to Exchange Authorization Code for Access Token',
        category: 'auth-token-exchange-fail',
        dashboardFilter: 'error',
        level: 3,
        knownToExtension: true,
        retired: false,
    },
    {
        code: 'feccft',
        name: 'Failed Exchange of Access Token for a Client Credentials Grant',
        description: 'Failed exchange of Access Token for a Client Credentials Grant',
        category: 'auth-token-exchange-fail',
        dashboardFilter: 'error',
        level: 3,
        knownToExtension: true,
        retired: false,
    },
    {
        code: 'fecte',
        name: 'Failed Exchange via Custom Token Exchange',
        description: 'Failed Exchange via Custom Token Exchange',
        category: 'auth-token-exchange-fail',
        dashboardFilter: 'error',
        level: 3,
        knownToExtension: false,
        retired: false,
    },
    {
        code: 'fede',
        name: 'Failed Exchange of Device Code for Access Token',
        description: 'Failed to exchange Device Code for Access Token',
        category: 'auth-token-exchange-fail',
        dashboardFilter: 'error',
        level: 3,
        knownToExtension: false,
        retired: false,
    },
    {
        code: 'federated_logout_failed',
        name: 'Failed Federated Logout request',
        description: 'Failed to logout of the upstream Identity Provider',
        category: 'auth-logout-fail',
        level: 3,
        knownToExtension: false,
        retired: false,
    },
    {
        code: 'fens',
        name: 'Failed Exchange for Native Social Login',
        description: 'Failed exchange for Native Social Login',
        category: 'auth-login-fail',
        dashboardFilter: 'error',
        level: 3,
        knownToExtension: true,
        retired: false,
    },
    {
        code: 'feoobft',
        name: 'Failed Exchange of Password and OOB Challenge for Access Token',
        description: 'Failed exchange of Password and OOB Challenge for Access Token',
        category: 'auth-token-exchange-fail',
        dashboardFilter: 'error',
        level: 3,
        knownToExtension: true,
        retired: false,
    },
    {
        code: 'feotpft',
        name: 'Failed Exchange of Password and OTP Challenge for Access Token',
        description: 'Failed exchange of Password and OTP Challenge for Access Token',
        category: 'auth-token-exchange-fail',
        dashboardFilter: 'error',
        level: 3,
        knownToExtension: true,
        retired: false,
    },
    {
        code: 'fepft',
        name: 'Failed Exchange of Password for Access Token',
        description: 'Failed exchange of Password for Access Token',
        category: 'auth-token-exchange-fail',
        dashboardFilter: 'error',
        level: 3,
        knownToExtension: true,
        retired: false,
    },
    {
        code: 'fepotpft',
        name: 'Failed Exchange of Passwordless OTP for Access Token',
        description: 'Failed exchange of Passwordless OTP for Access Token',
        category: 'auth-token-exchange-fail',
        level: 3,
        knownToExtension: false,
        retired: false,
    },
    {
        code: 'fercft',
        name: 'Failed Exchange of Password and MFA Recovery Code for Access Token',
        description: 'Failed Exchange of Password and MFA Recovery Code for Access Token',
        category: 'auth-token-exchange-fail',
        dashboardFilter: 'error',
        level: 3,
        knownToExtension: true,
        retired: false,
    },
    {
        code: 'ferrt',
        name: 'Failed Exchange of Rotating Refresh Token',
        description: 'Failed Exchange of Rotating Refresh Token. This could occur when reuse is detected.',
        category: 'auth-token-exchange-fail',
        level: 3,
        knownToExtension: true,
        retired: false,
    },
    {
        code: 'fertft',
        name: 'Failed Exchange of Refresh Token for Access Token',
        description: 'Failed Exchange of Refresh Token for Access Token. This could occur if the refresh token is revoked or expired.',
        category: 'auth-token-exchange-fail',
        dashboardFilter: 'error',
        level: 3,
        knownToExtension: true,
        retired: false,
    },
    {
        code: 'feta',
        name: 'Failed Exchange of Refresh Token for Token for 3rd party API',
        description: 'Failed token exchange at Token Vault',
        category: 'auth-token-exchange-success',
        level: 3,
        knownToExtension: false,
        retired: false,
    },
    {
        code: 'fi',
        name: 'Failed Invite Accept',
        description: 'Failed to accept a user invitation. This could happen if the user accepts an invitation using a different email address than provided in the invitation, or due to a system failure while provisioning the invitation.',
        category: 'other',
        level: 3,
        knownToExtension: false,
        retired: false,
    },
    {
        code: 'flo',
        name: 'Failed Logout',
        description: 'Failed Logout',
        category: 'auth-logout-fail',
        dashboardFilter: 'error',
        level: 3,
        knownToExtension: true,
        retired: false,
    },
    {
        code: 'flows_execution_completed',
        name: 'Flows Execution Completed',
        description: 'Flows Execution Completed',
        category: 'other',
        level: 1,
        knownToExtension: false,
        retired: false,
    },
    {
        code: 'flows_execution_failed',
        name: 'Flows Execution Failed',
        description: 'Flows Execution Failed',
        category: 'other',
        level: 3,
        knownToExtension: false,
        retired: false,
    },
    {
        code: 'fn',
        name: 'Failed Notification',
        description: 'Failed Notification',
        category: 'user-fail',
        dashboardFilter: 'error',
        level: 3,
        knownToExtension: true,
        retired: false,
    },
    {
        code: 'forms_submission_failed',
        name: 'Forms Submission Failed',
        description: 'Forms Submission Failed',
        category: 'other',
        level: 3,
        knownToExtension: false,
        retired: false,
    },
    {
        code: 'forms_submission_succeeded',
        name: 'Forms Submission Succeeded',
        description: 'Forms Submission Succeeded',
        category: 'other',
        level: 1,
        knownToExtension: false,
        retired: false,
    },
    {
        code: 'fp',
        name: 'Failed Login - Invalid Password',
        description: 'Failed login due to invalid password',
        category: 'auth-login-fail',
        dashboardFilter: 'error',
        level: 3,
        knownToExtension: true,
        retired: false,
    },
    {
        code: 'fpar',
        name: 'Failed Push Authorization Request',
        description: 'Failed Push Authorization Request',
        category: 'other',
        level: 3,
        knownToExtension: false,
        retired: false,
    },
    {
        code: 'fpurh',
        name: 'Failed Post User Registration Hook',
        description: 'Failed Post User Registration Hook',
        category: 'other',
        dashboardFilter: 'error',
        level: 3,
        knownToExtension: false,
        retired: false,
    },
    {
        code: 'fs',
        name: 'Failed Signup',
        description: 'Failed Signup',
        category: 'auth-signup-fail',
        dashboardFilter: 'error',
        level: 3,
        knownToExtension: true,
        retired: false,
    },
    {
        code: 'fsa',
        name: 'Failed Silent Auth',
        description: 'Failed Silent Auth',
        category: 'auth-silent-auth-fail',
        dashboardFilter: 'error',
        level: 3,
        knownToExtension: true,
        retired: false,
    },
    {
        code: 'fscim',
        name: 'Failed SCIM Operation',
        description: 'Failed SCIM Operation',
        category: 'scim-event',
        level: 3,
        knownToExtension: false,
        retired: false,
    },
    {
        code: 'fu',
        name: 'Failed Login - Invalid username',
        description: 'Failed login due to invalid username',
        category: 'auth-login-fail',
        dashboardFilter: 'error',
        level: 3,
        knownToExtension: true,
        retired: false,
    },
    {
        code: 'fui',
        name: 'Failed Users Import',
        description: 'Failed to import users',
        category: 'system-notification',
        dashboardFilter: 'warning',
        level: 2,
        knownToExtension: true,
        retired: false,
    },
    {
        code: 'fv',
        name: 'Failed Verification Email',
        description: 'Failed to send verification email',
        category: 'user-fail',
        dashboardFilter: 'error',
        level: 3,
        knownToExtension: true,
        retired: false,
    },
    {
        code: 'fvr',
        name: 'Failed Verification Email Request',
        description: 'Failed to proces verification email request',
        category: 'user-fail',
        dashboardFilter: 'error',
        level: 3,
        knownToExtension: true,
        retired: false,
    },
    {
        code: 'gd_auth_email_verification',
        name: 'Email Verification Confirmed',
        description: 'Email verification completed successfully',
        category: 'other',
        level: 1,
        knownToExtension: false,
        retired: false,
    },
    {
        code: 'gd_auth_fail_email_verification',
        name: 'Email Verification Failed',
        description: 'Email verification failed.',
        category: 'other',
        level: 3,
        knownToExtension: false,
        retired: false,
    },
    {
        code: 'gd_auth_failed',
        name: 'MFA Auth failed',
        description: 'Multi-factor authentication failed. This could happen due to a wrong code entered for SMS/Voice/Email/TOTP factors, or a system failure.',
        category: 'other',
        dashboardFilter: 'error',
        level: 3,
        knownToExtension: true,
        retired: false,
    },
    {
        code: 'gd_auth_rejected',
        name: 'MFA Auth rejected',
        description: 'User rejected a multi-factor authentication request via push-notification',
        category: 'other',
        dashboardFilter: 'error',
        level: 3,
        knownToExtension: true,
        retired: false,
    },
    {
        code: 'gd_auth_succeed',
        name: 'MFA Auth success',
        description: 'Multi-factor authentication success.',
        category: 'other',
        dashboardFilter: 'success',
        level: 1,
        knownToExtension: true,
        retired: false,
    },
    {
        code: 'gd_enrollment_complete',
        name: 'MFA enrollment complete',
        description: 'A first time MFA user has successfully enrolled using one of the factors',
        category: 'user-notification',
        dashboardFilter: 'success',
        level: 1,
        knownToExtension: true,
        retired: false,
    },
    {
        code: 'gd_module_switch',
        name: 'Module switch (Guardian MFA)',
        description: 'Module switch (Guardian MFA)',
        category: 'other',
        level: 1,
        knownToExtension: true,
        retired: true,
    },
    {
        code: 'gd_otp_rate_limit_exceed',
        name: 'Too many MFA failures',
        description: 'A user, during enrollment or authentication, enters an incorrect code more than the maximum allowed number of times. Ex: A user enrolling in SMS enters the 6-digit code wrong more than 10 times in a row.',
        category: 'other',
        dashboardFilter: 'warning',
        level: 2,
        knownToExtension: true,
        retired: false,
    },
    {
        code: 'gd_recovery_failed',
        name: 'Recovery failed',
        description: 'A user entered a wrong Recovery Code when attempting to authenticate',
        category: 'other',
        dashboardFilter: 'error',
        level: 3,
        knownToExtension: true,
        retired: false,
    },
    {
        code: 'gd_recovery_rate_limit_exceed',
        name: 'Multi-factor recovery code has failed too many times',
        description: 'A user has entered a wrong recovery code too many times.',
        category: 'other',
        level: 2,
        knownToExtension: true,
        retired: false,
    },
    {
        code: 'gd_recovery_succeed',
        name: 'MFA recovery success',
        description: 'A user successfully authenticates with a recovery code.',
        category: 'other',
        dashboardFilter: 'success',
        level: 1,
        knownToExtension: true,
        retired: false,
    },
    {
        code: 'gd_send_email',
        name: 'MFA Email Sent',
        description: 'Email for MFA successfully sent.',
        category: 'other',
        dashboardFilter: 'success',
        level: 1,
        knownToExtension: false,
        retired: false,
    },
    {
        code: 'gd_send_email_verification',
        name: 'Email Verification Sent',
        description: 'Verification email sent successfully.',
        category: 'other',
        level: 1,
        knownToExtension: false,
        retired: false,
    },
    {
        code: 'gd_send_email_verification_failure',
        name: 'Email Verification Failed',
        description: 'Email verification failed.',
        category: 'other',
        level: 3,
        knownToExtension: false,
        retired: false,
    },
    {
        code: 'gd_send_pn',
        name: 'Push notification sent',
        description: 'Push notification for MFA sent successfully sent',
        category: 'other',
        dashboardFilter: 'success',
        level: 1,
        knownToExtension: true,
        retired: false,
    },
    {
        code: 'gd_send_pn_failure',
        name: 'Error Sending MFA Push Notification',
        description: 'Push notification for MFA failed',
        category: 'other',
        dashboardFilter: 'error',
        level: 3,
        knownToExtension: true,
        retired: false,
    },
    {
        code: 'gd_send_sms',
        name: 'MFA SMS Sent',
        description: 'SMS for MFA successfully sent.',
        category: 'other',
        dashboardFilter: 'success',
        level: 1,
        knownToExtension: true,
        retired: false,
    },
    {
        code: 'gd_send_sms_failure',
        name: 'Error Sending MFA SMS',
        description: 'Attempt to send SMS for MFA failed.',
        category: 'other',
        dashboardFilter: 'error',
        level: 3,
        knownToExtension: true,
        retired: false,
    },
    {
        code: 'gd_send_voice',
        name: 'MFA voice call success',
        description: 'Voice call for MFA successfully made.',
        category: 'other',
        level: 1,
        knownToExtension: true,
        retired: false,
    },
    {
        code: 'gd_send_voice_failure',
        name: 'MFA voice call failed',
        description: 'Attempt to make Voice call for MFA failed.',
        category: 'other',
        level: 3,
        knownToExtension: true,
        retired: false,
    },
    {
        code: 'gd_start_auth',
        name: 'Second factor started',
        description: 'Second factor authentication event started for MFA.',
        category: 'other',
        dashboardFilter: 'success',
        level: 1,
        knownToExtension: true,
        retired: false,
    },
    {
        code: 'gd_start_enroll',
        name: 'MFA Enroll started',
        description: 'Multi-factor authentication enroll has started.',
        category: 'user-notification',
        dashboardFilter: 'success',
        level: 1,
        knownToExtension: true,
        retired: false,
    },
    {
        code: 'gd_start_enroll_failed',
        name: 'MFA Enrollment Failed',
        description: 'Push to start enrollement failed.',
        category: 'other',
        dashboardFilter: 'error',
        level: 3,
        knownToExtension: true,
        retired: false,
    },
    {
        code: 'gd_tenant_update',
        name: 'Guardian tenant update',
        description: 'Guardian tenant update',
        category: 'other',
        dashboardFilter: 'success',
        level: 1,
        knownToExtension: true,
        retired: false,
    },
    {
        code: 'gd_unenroll',
        name: 'Unenroll device account',
        description: 'Device used for second factor authentication has been unenrolled.',
        category: 'user-notification',
        dashboardFilter: 'success',
        level: 1,
        knownToExtension: true,
        retired: false,
    },
    {
        code: 'gd_update_device_account',
        name: 'Update device account',
        description: 'Device used for second factor authentication has been updated.',
        category: 'user-notification',
        dashboardFilter: 'success',
        level: 1,
        knownToExtension: true,
        retired: false,
    },
    {
        code: 'gd_user_delete',
        name: 'User delete (Guardian MFA)',
        description: 'User delete (Guardian MFA)',
        category: 'other',
        level: 1,
        knownToExtension: true,
        retired: true,
    },
    {
        code: 'gd_webauthn_challenge_failed',
        name: 'WebAuthn browser error',
        description: 'User failed to verify Webauthn factor.',
        category: 'other',
        level: 3,
        knownToExtension: false,
        retired: false,
    },
    {
        code: 'gd_webauthn_enrollment_failed',
        name: 'WebAuthn browser error',
        description: 'WebAuthn browser enrollment failed.',
        category: 'other',
        level: 3,
        knownToExtension: false,
        retired: false,
    },
    {
        code: 'idjag_exchange_failed',
        name: 'Failed Exchange of Identity Assertion Authorization Grant JWT for Access Token',
        description: 'Failed Exchange of Identity Assertion Authorization Grant JWT for Access Token',
        category: 'auth-token-exchange-fail',
        level: 3,
        knownToExtension: false,
        retired: false,
    },
    {
        code: 'idjag_exchange_succeeded',
        name: 'Successful Exchange of Identity Assertion Authorization Grant JWT for Access Token',
        description: 'Successful Exchange of Identity Assertion Authorization Grant JWT for Access Token',
        category: 'auth-token-exchange-success',
        level: 1,
        knownToExtension: false,
        retired: false,
    },
    {
        code: 'jwt_bearer_exchange_failed',
        name: 'Failed Exchange of JWT Bearer Assertion for Access Token',
        description: 'Failed Exchange of JWT Bearer Assertion for Access Token',
        category: 'auth-token-exchange-fail',
        level: 3,
        knownToExtension: false,
        retired: false,
    },
    {
        code: 'kms_key_management_failure',
        name: 'Failed KMS API operation',
        description: 'Failed KMS API operation',
        category: 'other',
        level: 3,
        knownToExtension: false,
        retired: false,
    },
    {
        code: 'kms_key_management_success',
        name: 'Successful KMS API operation',
        description: 'Successful KMS API operation',
        category: 'other',
        level: 1,
        knownToExtension: false,
        retired: false,
    },
    {
        code: 'kms_key_state_changed',
        name: 'KMS key state change',
        description: 'KMS key state change',
        category: 'other',
        level: 1,
        knownToExtension: false,
        retired: false,
    },
    {
        code: 'limit_delegation',
        name: 'Blocked Account - Too many Delegation requests',
        description: 'A user is temporarily prevented from logging in because of too many delegation requests',
        category: 'system-notification',
        dashboardFilter: 'error',
        level: 4,
        knownToExtension: true,
        retired: false,
    },
    {
        code: 'limit_mu',
        name: 'Blocked Account - Too many attempts or signups',
        description: 'An IP address is blocked because it attempted too many failed logins without a successful login. Or an IP address is blocked because it attempted too many sign-ups, whether successful or failed.',
        category: 'system-notification',
        dashboardFilter: 'error',
        level: 4,
        knownToExtension: true,
        retired: false,
    },
    {
        code: 'limit_phone',
        name: 'Blocked Phone Delivery - Too many phone delivery attempts',
        description: 'A user is temporarily prevented from sending more SMS messages or voice calls because they reached the maximum allowed in a given time period',
        category: 'system-notification',
        level: 4,
        knownToExtension: false,
        retired: false,
    },
    {
        code: 'limit_sul',
        name: 'Blocked Account - Logins per IP',
        description: 'A user is temporarily prevented from logging in because they reached the maximum logins per time period from the same IP address',
        category: 'other',
        level: 4,
        knownToExtension: false,
        retired: false,
    },
    {
        code: 'limit_ui',
        name: 'Too Many Calls to /userinfo',
        description: 'Too Many Calls to /userinfo',
        category: 'other',
        level: 4,
        knownToExtension: true,
        retired: true,
    },
    {
        code: 'limit_wc',
        name: 'Blocked Account - Failed Logins',
        description: 'An IP address is blocked because it reached the maximum failed login attempts into a single account.',
        category: 'system-notification',
        dashboardFilter: 'error',
        level: 4,
        knownToExtension: true,
        retired: false,
    },
    {
        code: 'mfar',
        name: 'MFA Required',
        description: 'A user has been prompted for multi-factor authentication (MFA). When using Adaptive MFA, Auth0 includes details about the risk assessment',
        category: 'other',
        level: 1,
        knownToExtension: false,
        retired: false,
    },
    {
        code: 'mgmt_api_read',
        name: 'Management API Read Operation',
        description: 'Successful GET request on the management API. This event will only be emitted if a secret is returned.',
        category: 'management-success',
        dashboardFilter: 'success',
        level: 1,
        knownToExtension: false,
        retired: false,
    },
    {
        code: 'my_account_authentication_method_failed',
        name: 'Failed authentication method operation in My Account API',
        description: 'Failed authentication method operation in My Account API',
        category: 'user-fail',
        level: 3,
        knownToExtension: false,
        retired: false,
    },
    {
        code: 'my_account_authentication_method_succeeded',
        name: 'Successful authentication method operation in My Account API',
        description: 'Successful authentication method operation in My Account API',
        category: 'user-success',
        level: 1,
        knownToExtension: false,
        retired: false,
    },
    {
        code: 'oidc_backchannel_logout_failed',
        name: 'Failed OIDC Back-Channel Logout request',
        description: 'Failed OIDC Back-Channel Logout request',
        category: 'auth-logout-fail',
        dashboardFilter: 'error',
        level: 3,
        knownToExtension: false,
        retired: false,
    },
    {
        code: 'oidc_backchannel_logout_succeeded',
        name: 'Successful OIDC Back-Channel Logout request',
        description: 'Successful OIDC Back-Channel Logout request',
        category: 'auth-logout-success',
        dashboardFilter: 'success',
        level: 1,
        knownToExtension: false,
        retired: false,
    },
    {
        code: 'organization_member_added',
        name: 'Organization Member Added Operation',
        description: 'Organization Member Added Operation',
        category: 'other',
        level: 1,
        knownToExtension: false,
        retired: false,
    },
    {
        code: 'passkey_challenge_failed',
        name: 'A native passkey challenge failed',
        description: 'A native passkey challenge failed',
        category: 'other',
        level: 3,
        knownToExtension: false,
        retired: false,
    },
    {
        code: 'passkey_challenge_started',
        name: 'A native passkey challenge was successfully initiated',
        description: 'A native passkey challenge was successfully initiated',
        category: 'other',
        level: 1,
        knownToExtension: false,
        retired: false,
    },
    {
        code: 'pla',
        name: 'Pre-Login Assessment',
        description: 'Generated before a login and helps in monitoring the behavior of bot detection without having to enable it.',
        category: 'other',
        level: 1,
        knownToExtension: false,
        retired: false,
    },
    {
        code: 'pwd_leak',
        name: 'Breached Password - Login',
        description: 'Someone behind the IP address ip attempted to login with a leaked password',
        category: 'other',
        dashboardFilter: 'error',
        level: 3,
        knownToExtension: true,
        retired: false,
    },
    {
        code: 'reset_pwd_leak',
        name: 'Breached Password - Reset',
        description: 'Someone behind the IP address ip attempted to reset with a leaked password',
        category: 'other',
        level: 3,
        knownToExtension: false,
        retired: false,
    },
    {
        code: 'resource_cleanup',
        name: 'Refresh Token Excess Warning',
        description: 'Emitted when resources exceeding defined limits were removed. Normally related to refresh tokens',
        category: 'other',
        level: 2,
        knownToExtension: false,
        retired: false,
    },
    {
        code: 'rich_consents_access_error',
        name: 'Failed get rich consent record request',
        description: 'Error fetching a Rich Consent record',
        category: 'other',
        level: 3,
        knownToExtension: false,
        retired: false,
    },
    {
        code: 's',
        name: 'Successful Login',
        description: 'Successful Login',
        category: 'auth-login-success',
        dashboardFilter: 'success',
        level: 1,
        knownToExtension: true,
        retired: false,
    },
    {
        code: 'sapi',
        name: 'Successful API Operation',
        description: 'Successful API Operation. Only emitted by the Management API on POST, DELETE, PATCH, and PUT',
        category: 'management-success',
        dashboardFilter: 'success',
        level: 1,
        knownToExtension: true,
        retired: false,
    },
    {
        code: 'sce',
        name: 'Successful Change Email',
        description: 'Successful Change Email',
        category: 'user-success',
        dashboardFilter: 'success',
        level: 1,
        knownToExtension: true,
        retired: false,
    },
    {
        code: 'scoa',
        name: 'Successful Cross-Origin Authentication',
        description: 'Successful Cross-Origin Authentication',
        category: 'auth-login-success',
        dashboardFilter: 'success',
        level: 1,
        knownToExtension: true,
        retired: false,
    },
    {
        code: 'scp',
        name: 'Successful Change Password',
        description: 'Successful Change Password',
        category: 'user-success',
        dashboardFilter: 'success',
        level: 1,
        knownToExtension: true,
        retired: false,
    },
    {
        code: 'scph',
        name: 'Success Post Change Password Hook',
        description: 'Success Post Change Password Hook',
        category: 'other',
        level: 1,
        knownToExtension: true,
        retired: true,
    },
    {
        code: 'scpn',
        name: 'Successful Change Phone Number',
        description: 'Successful Change Phone Number',
        category: 'user-success',
        dashboardFilter: 'success',
        level: 1,
        knownToExtension: true,
        retired: false,
    },
    {
        code: 'scpr',
        name: 'Successful Change Password Request',
        description: 'Successful Change Password Request',
        category: 'user-success',
        dashboardFilter: 'success',
        level: 1,
        knownToExtension: true,
        retired: false,
    },
    {
        code: 'scu',
        name: 'Successful Change Username',
        description: 'Successful Change Username',
        category: 'user-success',
        dashboardFilter: 'success',
        level: 1,
        knownToExtension: true,
        retired: false,
    },
    {
        code: 'scv',
        name: 'Successful Credential Validation',
        description: 'Successful Credential Validation.',
        category: 'auth-login-notification',
        level: 1,
        knownToExtension: false,
        retired: false,
    },
    {
        code: 'sd',
        name: 'Successful Delegation',
        description: 'Successful Delegation',
        category: 'user-success',
        dashboardFilter: 'success',
        level: 1,
        knownToExtension: true,
        retired: false,
    },
    {
        code: 'sdel',
        name: 'Successful Delegated Login',
        description: 'Successful Delegated Login',
        category: 'auth-login-success',
        level: 1,
        knownToExtension: false,
        retired: false,
    },
    {
        code: 'sdeleacft',
        name: 'Successful Exchange of Delegated Authorization Code for Access Token',
        description: 'Successful Exchange of Delegated Authorization Code for Access Token',
        category: 'auth-token-exchange-success',
        level: 1,
        knownToExtension: false,
        retired: false,
    },
    {
        code: 'sdelsa',
        name: 'Successful Delegated Silent Authentication',
        description: 'Successful Delegated Silent Authentication',
        category: 'auth-silent-auth-success',
        level: 1,
        knownToExtension: false,
        retired: false,
    },
    {
        code: 'sdu',
        name: 'Successful User Deletion',
        description: 'Successful User Deletion',
        category: 'user-success',
        dashboardFilter: 'success',
        level: 1,
        knownToExtension: true,
        retired: false,
    },
    {
        code: 'seacft',
        name: 'Successful Exchange of Authorization Code for Access Token',
        description: 'Successful Exchange of Authorization Code for Access Token',
        category: 'auth-token-exchange-success',
        dashboardFilter: 'success',
        level: 1,
        knownToExtension: true,
        retired: false,
    },
    {
        code: 'seccft',
        name: 'Successful Exchange of Access Token for a Client Credentials Grant',
        description: 'Successful Exchange of Access Token for a Client Credentials Grant',
        category: 'auth-token-exchange-success',
        dashboardFilter: 'success',
        level: 1,
        knownToExtension: true,
        retired: false,
    },
    {
        code: 'secte',
        name: 'Successful Exchange via Custom Token Exchange',
        description: 'Successful Exchange via Custom Token Exchange',
        category: 'auth-token-exchange-success',
        dashboardFilter: 'success',
        level: 1,
        knownToExtension: false,
        retired: false,
    },
    {
        code: 'sede',
        name: 'Successful Exchange of Device Code for Access Token',
        description: 'Successful Exchange of Device Code for Access Token',
        category: 'auth-token-exchange-success',
        dashboardFilter: 'success',
        level: 1,
        knownToExtension: false,
        retired: false,
    },
    {
        code: 'sens',
        name: 'Successful Exchange Native Login',
        description: 'Successful Exchange - Native Social Login',
        category: 'auth-login-success',
        dashboardFilter: 'success',
        level: 1,
        knownToExtension: true,
        retired: false,
    },
    {
        code: 'seoobft',
        name: 'Successful Exchange of Password and OOB Challenge for Access Token',
        description: 'Successful Exchange of Password and OOB Challenge for Access Token',
        category: 'auth-token-exchange-success',
        dashboardFilter: 'success',
        level: 1,
        knownToExtension: true,
        retired: false,
    },
    {
        code: 'seotpft',
        name: 'Successful Exchange of Password and OTP Challenge for Access Token',
        description: 'Successful Exchange of Password and OTP Challenge for Access Token',
        category: 'auth-token-exchange-success',
        dashboardFilter: 'success',
        level: 1,
        knownToExtension: true,
        retired: false,
    },
    {
        code: 'sepft',
        name: 'Successful Exchange of Password for Access Token',
        description: 'Successful Exchange of Password for Access Token',
        category: 'auth-token-exchange-success',
        dashboardFilter: 'success',
        level: 1,
        knownToExtension: true,
        retired: false,
    },
    {
        code: 'sepkoobft',
        name: 'Successful Exchange of Passkey and OOB Challenge for Access Token',
        description: 'Successful Exchange of Passkey and OOB Challenge for Access Token',
        category: 'auth-token-exchange-success',
        level: 1,
        knownToExtension: false,
        retired: false,
    },
    {
        code: 'sepkotpft',
        name: 'Successful Exchange of Passkey and OTP Challenge for Access Token',
        description: 'Successful Exchange of Passkey and OTP Challenge for Access Token',
        category: 'auth-token-exchange-success',
        level: 1,
        knownToExtension: false,
        retired: false,
    },
    {
        code: 'sepkrcft',
        name: 'Successful Exchange of Passkey and MFA Recovery Code for Access Token',
        description: 'Successful Exchange of Passkey and MFA Recovery Code for Access Token',
        category: 'auth-token-exchange-success',
        level: 1,
        knownToExtension: false,
        retired: false,
    },
    {
        code: 'sercft',
        name: 'Successful Exchange of Password and MFA Recovery Code for Access Token',
        description: 'Successful Exchange of Password and MFA Recovery Codeode for Access Token',
        category: 'auth-token-exchange-success',
        dashboardFilter: 'success',
        level: 1,
        knownToExtension: true,
        retired: false,
    },
    {
        code: 'sertft',
        name: 'Successful Exchange of Refresh Token for Access Token',
        description: 'Successful Exchange of Refresh Token for Access Token',
        category: 'auth-token-exchange-success',
        dashboardFilter: 'success',
        level: 1,
        knownToExtension: true,
        retired: false,
    },
    {
        code: 'seta',
        name: 'Successful Exchange of Refresh Token for Token for 3rd party API',
        description: 'Successful token exchange at Token Vault',
        category: 'auth-token-exchange-success',
        level: 1,
        knownToExtension: false,
        retired: false,
    },
    {
        code: 'si',
        name: 'Successful Invite Accept',
        description: 'Successfully accepted a user invitation',
        category: 'other',
        level: 1,
        knownToExtension: false,
        retired: false,
    },
    {
        code: 'signup_pwd_leak',
        name: 'Breached Password on Signup',
        description: 'Someone behind the IP address `ip` attempted to signup with a leaked password.',
        category: 'other',
        level: 3,
        knownToExtension: false,
        retired: false,
    },
    {
        code: 'slo',
        name: 'Successful Logout',
        description: 'Successful Logout',
        category: 'auth-logout-success',
        dashboardFilter: 'success',
        level: 1,
        knownToExtension: true,
        retired: false,
    },
    {
        code: 'srrt',
        name: 'Successful Refresh Token Revocation',
        description: 'Successfully revoked a refresh token',
        category: 'user-success',
        level: 1,
        knownToExtension: false,
        retired: false,
    },
    {
        code: 'ss',
        name: 'Successful Signup',
        description: 'Successful Signup',
        category: 'auth-signup-success',
        dashboardFilter: 'success',
        level: 1,
        knownToExtension: true,
        retired: false,
    },
    {
        code: 'ss_sso_failure',
        name: 'Failed SS-SSO Operation',
        description: 'Failed Self-Service Single Sign-On Operation. Only emitted by snake-server',
        category: 'user-fail',
        level: 3,
        knownToExtension: false,
        retired: false,
    },
    {
        code: 'ss_sso_info',
        name: 'Information from an SS-SSO Operation',
        description: 'Information from a Self-Service Single Sign-On Operation. Only emitted by snake-server',
        category: 'user-notification',
        level: 1,
        knownToExtension: false,
        retired: false,
    },
    {
        code: 'ss_sso_success',
        name: 'Successful SS-SSO Operation',
        description: 'Successful Self-Service Single Sign-On Operation. Only emitted by snake-server',
        category: 'user-success',
        level: 1,
        knownToExtension: false,
        retired: false,
    },
    {
        code: 'ssa',
        name: 'Successful Silent Auth',
        description: 'Successful Silent Auth',
        category: 'auth-silent-auth-success',
        dashboardFilter: 'success',
        level: 1,
        knownToExtension: true,
        retired: false,
    },
    {
        code: 'sscim',
        name: 'Successful SCIM Operation',
        description: 'Successful SCIM Operation',
        category: 'scim-event',
        level: 1,
        knownToExtension: false,
        retired: false,
    },
    {
        code: 'success_on_behalf_of_token_exchange',
        name: 'Successful Exchange via On-Behalf-Of Token Exchange',
        description: 'Successful Exchange via On-Behalf-Of Token Exchange',
        category: 'auth-token-exchange-success',
        level: 1,
        knownToExtension: false,
        retired: false,
    },
    {
        code: 'sui',
        name: 'Successful Users Import',
        description: 'Successful Users Import',
        category: 'user-success',
        dashboardFilter: 'success',
        level: 1,
        knownToExtension: true,
        retired: false,
    },
    {
        code: 'sv',
        name: 'Successful Verification Email',
        description: 'Successfully consumed email verification link',
        category: 'user-success',
        dashboardFilter: 'success',
        level: 1,
        knownToExtension: true,
        retired: false,
    },
    {
        code: 'svr',
        name: 'Successful Verification Email Request',
        description: 'Successfully called verification email endpoint. Verification email has been queued for sending.',
        category: 'user-success',
        dashboardFilter: 'success',
        level: 1,
        knownToExtension: true,
        retired: false,
    },
    {
        code: 'sys_os_update_end',
        name: 'Auth0 OS Update Ended (Private Cloud only)',
        description: 'Auth0 OS Update Ended (Private Cloud only)',
        category: 'other',
        level: 1,
        knownToExtension: true,
        retired: true,
    },
    {
        code: 'sys_os_update_start',
        name: 'Auth0 OS Update Started (Private Cloud only)',
        description: 'Auth0 OS Update Started (Private Cloud only)',
        category: 'other',
        level: 1,
        knownToExtension: true,
        retired: true,
    },
    {
        code: 'sys_update_end',
        name: 'Auth0 Update Ended (Private Cloud only)',
        description: 'Auth0 Update Ended (Private Cloud only)',
        category: 'other',
        level: 1,
        knownToExtension: true,
        retired: true,
    },
    {
        code: 'sys_update_start',
        name: 'Auth0 Update Started (Private Cloud only)',
        description: 'Auth0 Update Started (Private Cloud only)',
        category: 'other',
        level: 1,
        knownToExtension: true,
        retired: true,
    },
    {
        code: 'too_many_records',
        name: 'Max Amount of Authenticators',
        description: 'User has created the maximum amount of authenticators',
        category: 'other',
        level: 2,
        knownToExtension: false,
        retired: false,
    },
    {
        code: 'ublkdu',
        name: 'User login block released',
        description: 'User block setup by anomaly detection has been released',
        category: 'user-notification',
        dashboardFilter: 'success',
        level: 1,
        knownToExtension: true,
        retired: false,
    },
    {
        code: 'universal_logout_failed',
        name: 'Failed Universal Logout request',
        description: 'Failed Universal Logout request',
        category: 'auth-logout-fail',
        level: 3,
        knownToExtension: false,
        retired: false,
    },
    {
        code: 'universal_logout_succeeded',
        name: 'Successful Universal Logout request',
        description: 'Successful Universal Logout request',
        category: 'auth-logout-success',
        level: 1,
        knownToExtension: false,
        retired: false,
    },
    {
        code: 'w',
        name: 'Warning',
        description: 'A warning has happened during a login flow',
        category: 'auth-login-notification',
        dashboardFilter: 'warning',
        level: 2,
        knownToExtension: true,
        retired: false,
    },
    {
        code: 'wn',
        name: 'Warning Notifications',
        description: 'Warning Notification',
        category: 'other',
        level: 2,
        knownToExtension: false,
        retired: false,
    },
    {
        code: 'wum',
        name: 'Warning User Management',
        description: 'A warning has happened during user management related tasks',
        category: 'other',
        level: 2,
        knownToExtension: false,
        retired: false,
    },
];

;// CONCATENATED MODULE: ./src/logs/filter.ts


/**
 * The `log-level` and `log-types` filters of the retired "Logs to CloudWatch" extension (v2), with
 * categories, prefixes and excludes added, and one change: a type missing from the catalog is never
 * dropped by a level filter. The extension built a finite list from its own table, so every type
 * Auth0 added later (`pla`, `si`, `fi`, ...) vanished as soon as a filter was set.
 */
/** Level names by number, as the extension's LOG_LEVEL setting offered them. */
const LOG_LEVELS = ['debug', 'info', 'warning', 'error', 'critical'];
/** A `log-level` or `log-types` value that cannot be used; `message` says what is accepted. */
class LogFilterInputError extends errors/* ActionError */.lZ {
    name = 'LogFilterInputError';
}
const CATEGORY_PREFIX = 'category:';
const CODE = /^[a-z0-9_]+$/;
const PREFIX = /^[a-z0-9_]+\*$/;
const CATALOG = new Map(LOG_TYPE_CATALOG.map((info) => [info.code, info]));
const CATEGORIES = new Set(LOG_CATEGORIES);
function findLogType(type) {
    return CATALOG.get(type.toLowerCase());
}
/** The catalog level of a type (0..4), or undefined for a type the catalog does not know. */
function levelOf(type) {
    return findLogType(type)?.level;
}
/** A short name for a type, for summaries; says so when the catalog does not know the type. */
function describeLogType(type) {
    return findLogType(type)?.name ?? 'Unknown type (not in the catalog)';
}
/** Empty means no level filter; otherwise 0..4 or a level name, in any case. */
function parseLogLevel(raw) {
    const value = raw.trim().toLowerCase();
    if (value === '')
        return undefined;
    if (/^[0-4]$/.test(value))
        return Number(value);
    const index = LOG_LEVELS.indexOf(value);
    if (index >= 0)
        return index;
    throw new LogFilterInputError(`expected 0..4 or one of ${LOG_LEVELS.join(', ')}`);
}
/**
 * Splits a list of codes, `category:<name>` and prefixes (`gd_*`) on commas, spaces and newlines;
 * lower-cases them and drops repeats. Unknown codes are kept: Auth0 adds types (see
 * `unknownCodeWarnings`).
 */
function parseLogTypeList(raw) {
    // "category: auth-login-fail" would otherwise split into two tokens.
    const tokens = raw.replace(/category:\s+/gi, CATEGORY_PREFIX).split(/[\s,]+/);
    const parsed = tokens.filter((token) => token !== '').map(parseToken);
    return [...new Set(parsed)];
}
function parseToken(token) {
    const value = token.toLowerCase();
    if (value.startsWith(CATEGORY_PREFIX)) {
        if (CATEGORIES.has(value.slice(CATEGORY_PREFIX.length)))
            return value;
        throw new LogFilterInputError(`'${token}' names no log category; the categories are ${LOG_CATEGORIES.join(', ')}`);
    }
    if (CODE.test(value) || PREFIX.test(value))
        return value;
    if (CATEGORIES.has(value)) {
        throw new LogFilterInputError(`'${token}' is a category: write ${CATEGORY_PREFIX}${value}`);
    }
    if (value === '*') {
        throw new LogFilterInputError(`'*' alone would select every type: leave the input empty instead`);
    }
    throw new LogFilterInputError(`'${token}' is not a log type code (letters, digits and underscores), ` +
        `a ${CATEGORY_PREFIX}<name> or a prefix such as gd_*`);
}
/**
 * One warning per code the catalog does not know, naming the closest known codes so a typo shows,
 * and per prefix that matches no known code. Such tokens still apply: they may be types Auth0 added
 * after this catalog was built.
 */
function unknownCodeWarnings(tokens) {
    const warnings = [];
    for (const token of new Set(tokens.map((t) => t.toLowerCase()))) {
        if (PREFIX.test(token)) {
            const prefix = token.slice(0, -1);
            if (LOG_TYPE_CATALOG.some((info) => info.code.startsWith(prefix)))
                continue;
            warnings.push(`'${token}' matches no known Auth0 log type; it is kept, and selects any type Auth0 adds ` +
                `whose code starts with '${prefix}'.`);
            continue;
        }
        if (!CODE.test(token) || CATALOG.has(token))
            continue;
        const closest = closestCodes(token);
        const hint = closest.length > 0
            ? `did you mean ${closest.map((code) => `'${code}'`).join(', ')}?`
            : 'no known code is close.';
        warnings.push(`'${token}' is not a known Auth0 log type; ${hint} It is kept, since Auth0 adds new types ` +
            '(docs/log-types.md lists the known ones).');
    }
    return warnings;
}
const MAX_SUGGESTIONS = 5;
/** The known codes at the smallest edit distance, when that distance is small for the length. */
function closestCodes(code) {
    const limit = Math.max(1, Math.floor(code.length / 3));
    let best = limit + 1;
    let closest = [];
    for (const info of LOG_TYPE_CATALOG) {
        const distance = editDistance(code, info.code);
        if (distance < best) {
            best = distance;
            closest = [info.code];
        }
        else if (distance === best) {
            closest.push(info.code);
        }
    }
    // Typos tend to keep the start of a code: `fpp` is more likely `fp` than `fcp`.
    const shared = (other) => commonPrefixLength(code, other);
    return closest
        .sort((a, b) => shared(b) - shared(a) || (a < b ? -1 : a > b ? 1 : 0))
        .slice(0, MAX_SUGGESTIONS);
}
function commonPrefixLength(a, b) {
    let length = 0;
    while (length < a.length && a[length] === b[length])
        length += 1;
    return length;
}
/** Insertions, deletions, substitutions and swaps of neighbours each count 1 (`fcp` vs `fpc`). */
function editDistance(a, b) {
    const rows = [];
    for (let i = 0; i <= a.length; i += 1) {
        const row = [i];
        for (let j = 1; j <= b.length; j += 1) {
            if (i === 0) {
                row.push(j);
                continue;
            }
            const cost = a[i - 1] === b[j - 1] ? 0 : 1;
            const above = rows[i - 1];
            let distance = Math.min(above[j] + 1, row[j - 1] + 1, above[j - 1] + cost);
            if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
                distance = Math.min(distance, rows[i - 2][j - 2] + 1);
            }
            row.push(distance);
        }
        rows.push(row);
    }
    return rows[a.length][b.length];
}
function createMatcher(tokens) {
    const codes = new Set();
    const categories = new Set();
    const prefixes = [];
    for (const token of tokens.map(parseToken)) {
        if (token.startsWith(CATEGORY_PREFIX))
            categories.add(token.slice(CATEGORY_PREFIX.length));
        else if (token.endsWith('*'))
            prefixes.push(token.slice(0, -1));
        else
            codes.add(token);
    }
    return {
        isEmpty: codes.size === 0 && categories.size === 0 && prefixes.length === 0,
        matches(type) {
            const code = type.toLowerCase();
            if (codes.has(code))
                return true;
            // A type the catalog does not know has no category: only a code or a prefix can match it.
            const category = CATALOG.get(code)?.category;
            if (category !== undefined && categories.has(category))
                return true;
            return prefixes.some((prefix) => code.startsWith(prefix));
        },
    };
}
/**
 * With neither a level nor types, every log passes. Otherwise a log passes when `types` matches it
 * or its level is at least `level`, the union the extension used; a type the catalog does not know
 * passes any level filter. `exclude` applies last.
 */
function createLogFilter(spec) {
    const { level } = spec;
    if (level !== undefined &&
        !(Number.isInteger(level) && level >= 0 && level < LOG_LEVELS.length)) {
        throw new LogFilterInputError(`expected 0..4 or one of ${LOG_LEVELS.join(', ')}`);
    }
    const included = createMatcher(spec.types);
    const excluded = createMatcher(spec.exclude);
    const selectsAll = level === undefined && included.isEmpty;
    const passesLevel = (type) => {
        if (level === undefined)
            return false;
        const typeLevel = levelOf(type);
        return typeLevel === undefined || typeLevel >= level;
    };
    return {
        isEmpty: selectsAll && excluded.isEmpty,
        isKnown: (type) => CATALOG.has(type.toLowerCase()),
        accepts(type) {
            if (excluded.matches(type))
                return false;
            return selectsAll || included.matches(type) || passesLevel(type);
        },
    };
}
/** Success, failure or neither, for charts: the dashboard filter, else the catalog category. */
function outcomeOf(type) {
    const info = findLogType(type);
    if (!info)
        return 'other';
    if (info.dashboardFilter === 'success')
        return 'success';
    if (info.dashboardFilter === 'error')
        return 'failure';
    if (info.dashboardFilter === 'warning')
        return 'other';
    if (info.category.endsWith('-success'))
        return 'success';
    if (info.category.endsWith('-fail') || info.level >= 3)
        return 'failure';
    return 'other';
}


/***/ }),

/***/ 6625:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   $Z: () => (/* binding */ newerLogId),
/* harmony export */   F1: () => (/* binding */ logTimestamp),
/* harmony export */   ZK: () => (/* binding */ isAuth0Log),
/* harmony export */   oV: () => (/* binding */ compareLogIds)
/* harmony export */ });
/**
 * Orders two log_ids as Auth0's checkpoint mode does. Real ids are digit strings of one length
 * ('900' + a UTC timestamp + a counter); a shorter digit string is the smaller one. Ids that are not
 * digit strings fall back to plain string order.
 */
function compareLogIds(a, b) {
    if (/^\d+$/.test(a) && /^\d+$/.test(b) && a.length !== b.length)
        return a.length - b.length;
    return a < b ? -1 : a > b ? 1 : 0;
}
function newerLogId(a, b) {
    if (a === undefined)
        return b;
    if (b === undefined)
        return a;
    return compareLogIds(a, b) >= 0 ? a : b;
}
function isAuth0Log(value) {
    if (typeof value !== 'object' || value === null)
        return false;
    const log = value;
    return (typeof log.log_id === 'string' && typeof log.date === 'string' && typeof log.type === 'string');
}
/** Milliseconds since the epoch of a log's `date`, or NaN when it is not a date. */
function logTimestamp(log) {
    return Date.parse(log.date);
}


/***/ }),

/***/ 42712:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   F0: () => (/* binding */ Tally),
/* harmony export */   oJ: () => (/* binding */ REJECT_LABELS),
/* harmony export */   uh: () => (/* binding */ describeRejected)
/* harmony export */ });
/* unused harmony export groupByReason */
/* harmony import */ var _logs_filter_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(63800);

/** The reasons in the words of the summary, the warnings and Slack. */
const REJECT_LABELS = {
    'too-old': 'older than 14 days',
    expired: "older than the log group's retention",
    'too-new': 'more than 2 hours in the future',
    'too-large': 'larger than the 1 MiB event limit',
    'bad-date': 'without a valid date',
};
/**
 * What became of each log the run read, by type, by reject reason and (for exported logs) by hour.
 * The export fills it; the outputs, warnings, summary and Slack read it.
 */
class Tally {
    exported = 0;
    filtered = 0;
    rejected = [];
    types = new Map();
    /** Exported logs per hour of their Auth0 date (ISO hour, e.g. 2026-11-24T10), by outcome. */
    hourly = new Map();
    /** Epoch ms of the oldest and the newest exported log: where the first and last hour are partial. */
    firstExportedAt;
    lastExportedAt;
    countFiltered(type) {
        this.filtered += 1;
        this.countType(type, 'filtered');
    }
    countExported(type, timestamp) {
        this.exported += 1;
        this.countType(type, 'exported');
        const hour = new Date(timestamp).toISOString().slice(0, 13);
        const counts = this.hourly.get(hour) ?? { success: 0, failure: 0, other: 0 };
        counts[(0,_logs_filter_js__WEBPACK_IMPORTED_MODULE_0__/* .outcomeOf */ .sG)(type)] += 1;
        this.hourly.set(hour, counts);
        this.firstExportedAt = Math.min(this.firstExportedAt ?? timestamp, timestamp);
        this.lastExportedAt = Math.max(this.lastExportedAt ?? timestamp, timestamp);
    }
    countRejected(type, logId, reason) {
        this.rejected.push({ logId, reason });
        this.countType(type, 'rejected');
    }
    /** The rejected log_ids grouped by reason, in the order the reasons first occurred. */
    rejectedByReason() {
        return groupByReason(this.rejected);
    }
    countType(type, field) {
        const counts = this.types.get(type) ?? { exported: 0, filtered: 0, rejected: 0 };
        counts[field] += 1;
        this.types.set(type, counts);
    }
}
function groupByReason(rejected) {
    const byReason = new Map();
    for (const { logId, reason } of rejected) {
        const ids = byReason.get(reason);
        if (ids)
            ids.push(logId);
        else
            byReason.set(reason, [logId]);
    }
    return byReason;
}
/** "3 older than 14 days, 1 larger than the 1 MiB event limit". */
function describeRejected(rejected) {
    return [...groupByReason(rejected)]
        .map(([reason, ids]) => `${ids.length} ${REJECT_LABELS[reason]}`)
        .join(', ');
}


/***/ }),

/***/ 65468:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   I: () => (/* binding */ lagSeconds),
/* harmony export */   Y: () => (/* binding */ outputsOf)
/* harmony export */ });
/* harmony import */ var _constants_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(27242);

function lagSeconds(result, now) {
    const date = result.newestLogDate ?? result.checkpointAfter?.date;
    if (date === undefined)
        return undefined;
    const ms = now - Date.parse(date);
    return Number.isNaN(ms) ? undefined : Math.max(0, Math.round(ms / 1000));
}
/** The step's outputs. A dry run exported nothing and left the checkpoint where it was. */
function outputsOf(result, now, { dryRun = false } = {}) {
    const checkpoint = dryRun ? result.startedAfter : result.checkpointAfter;
    return {
        [_constants_js__WEBPACK_IMPORTED_MODULE_0__/* .Output */ .k7.LogsExported]: String(dryRun ? 0 : result.tally.exported),
        [_constants_js__WEBPACK_IMPORTED_MODULE_0__/* .Output */ .k7.LogsFiltered]: String(result.tally.filtered),
        [_constants_js__WEBPACK_IMPORTED_MODULE_0__/* .Output */ .k7.LogsRejected]: String(result.tally.rejected.length),
        [_constants_js__WEBPACK_IMPORTED_MODULE_0__/* .Output */ .k7.Checkpoint]: checkpoint?.logId ?? '',
        [_constants_js__WEBPACK_IMPORTED_MODULE_0__/* .Output */ .k7.LastLogDate]: result.newestLogDate ?? result.checkpointAfter?.date ?? '',
        [_constants_js__WEBPACK_IMPORTED_MODULE_0__/* .Output */ .k7.LagSeconds]: String(lagSeconds(result, now) ?? ''),
        [_constants_js__WEBPACK_IMPORTED_MODULE_0__/* .Output */ .k7.CaughtUp]: String(result.caughtUp),
        [_constants_js__WEBPACK_IMPORTED_MODULE_0__/* .Output */ .k7.Redacted]: redactedOutput(result),
    };
}
/** `{"user_name":120,"ip":240}`: the fields that had values redacted; empty when none is redacted. */
function redactedOutput(result) {
    if (!result.redaction)
        return '';
    const counts = result.redaction.fields
        .filter((field) => field.values > 0)
        .map((field) => [field.field, field.values]);
    return JSON.stringify(Object.fromEntries(counts));
}


/***/ }),

/***/ 874:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  a3: () => (/* binding */ formatDuration),
  Br: () => (/* binding */ renderSummary)
});

// UNUSED EXPORTS: INGESTION_USD_PER_GB, SUMMARY_MAX_BYTES, axisTop, formatCount, niceCeiling

// EXTERNAL MODULE: ./src/logs/filter.ts + 1 modules
var filter = __webpack_require__(63800);
// EXTERNAL MODULE: ./src/pipeline/tally.ts
var tally = __webpack_require__(42712);
;// CONCATENATED MODULE: ./src/report/escape.ts
/**
 * Escapes text for the job summary and other Markdown-with-HTML surfaces. core.summary does no
 * escaping, and Auth0-derived strings (type codes, descriptions, ids) come from outside.
 */
function escapeHtml(text) {
    return text
        .replace(/&/g, '&amp;')
        .replace(/</g, '&lt;')
        .replace(/>/g, '&gt;')
        .replace(/"/g, '&quot;')
        .replace(/'/g, '&#39;');
}
/** Escapes text for Markdown inline context as well as HTML: no emphasis, links, code or tables. */
function escapeMarkdown(text) {
    return escapeHtml(text).replace(/([\\`*_{}[\]()#+\-.!|~])/g, '\\$1');
}

// EXTERNAL MODULE: ./src/report/outputs.ts
var outputs = __webpack_require__(65468);
;// CONCATENATED MODULE: ./src/report/summary.ts




/**
 * CloudWatch Logs' list price for ingesting standard-class logs in us-east-1, USD per GB (2026).
 * Other regions and the infrequent-access class differ: the summary says it is an estimate.
 */
const INGESTION_USD_PER_GB = 0.5;
/** GitHub refuses a step summary over 1 MiB; everything below is bounded well under it. */
const SUMMARY_MAX_BYTES = 1_048_576;
/** log_ids listed per rejection reason; the rest are counted. */
const MAX_LISTED_IDS = 20;
const MAX_TYPE_ROWS = 20;
const MAX_WARNINGS = 30;
const MAX_WARNING_CHARS = 1_000;
/** Bars in the chart; a longer backlog is charted per day. */
const MAX_CHART_BARS = 48;
const START_REASONS = {
    checkpoint: 'the stored checkpoint',
    stream: 'the newest log already in the stream',
    'start-from': "the 'start-from' input",
    'start-from-changed': "the 'start-from' input, changed since the checkpoint was written",
    'empty-tenant': 'nothing: the tenant has no logs yet',
};
/** The job summary, as GitHub-flavoured Markdown with HTML. Every Auth0-derived string is escaped. */
function renderSummary(report) {
    const failed = report.error !== undefined;
    const sections = [
        failed ? failure(report) : headline(report),
        counts(report),
        failed ? '' : checkpoint(report.result, report.dryRun !== undefined),
        typeTable(report.result),
        redactionTable(report.result),
        chart(report.result),
        rejectedTable(report.result),
        warnings(report.warnings),
        runFacts(report),
    ];
    const text = `## Auth0 logs to CloudWatch\n\n${sections.filter(Boolean).join('\n')}`;
    // Every section is bounded; this guard only keeps a surprise from costing the whole summary.
    if (Buffer.byteLength(text) <= SUMMARY_MAX_BYTES - 1_024)
        return text;
    return `${text.slice(0, SUMMARY_MAX_BYTES / 2)}\n\n… (summary cut at GitHub's size limit)\n`;
}
/** 1234567 as "1,234,567": counts are read at a glance, whatever the reader's locale. */
function formatCount(value) {
    return value.toLocaleString('en-US');
}
function names(report) {
    const tenant = report.tenant ? `<code>${escapeHtml(report.tenant)}</code>` : 'Auth0';
    const target = report.logGroup !== undefined
        ? `<code>${escapeHtml(report.logGroup)}</code> / <code>${escapeHtml(report.logStream ?? '')}</code>`
        : 'CloudWatch';
    return { tenant, target };
}
/** The outcome of a run that did not fail; its figures are in the tables below, not repeated here. */
function headline(report) {
    if (report.dryRun)
        return dryRunHeadline(report, report.dryRun);
    const result = report.result;
    if (!result)
        return '';
    const { tenant, target } = names(report);
    const lag = (0,outputs/* lagSeconds */.I)(result, report.finishedAt);
    const behind = lag === undefined ? 'behind' : `${formatDuration(lag * 1000)} behind`;
    if (result.caughtUp) {
        const age = lag === undefined ? '' : ` The newest log exported is ${formatDuration(lag * 1000)} old.`;
        return `:white_check_mark: **The export from ${tenant} to ${target} is caught up.**${age}\n`;
    }
    if (result.stoppedBy === 'cancelled') {
        return `:warning: **The export from ${tenant} to ${target} was cancelled, ${behind}.** Its progress is kept; the next run continues after the checkpoint.\n`;
    }
    if (result.stoppedBy === 'max-duration') {
        return `:warning: **The export from ${tenant} to ${target} stopped at max-duration, ${behind}.** The next run continues after the checkpoint.\n`;
    }
    return `:warning: **The export from ${tenant} to ${target} is not caught up, ${behind}.**\n`;
}
function dryRunHeadline(report, stats) {
    const tenant = report.tenant ? `<code>${escapeHtml(report.tenant)}</code>` : 'Auth0';
    const group = `<code>${escapeHtml(report.logGroup ?? '')}</code>`;
    const target = `${group} / <code>${escapeHtml(report.logStream ?? '')}</code>`;
    const exported = report.result?.tally.exported ?? 0;
    const lines = [':test_tube: **Dry run: nothing was written.**'];
    if (exported === 0) {
        lines.push(`It would have exported no logs from ${tenant} to ${target}.`);
    }
    else {
        const range = stats.firstLogId === undefined
            ? ''
            : `, log_ids <code>${escapeHtml(stats.firstLogId)}</code> to <code>${escapeHtml(stats.lastLogId ?? '')}</code>`;
        lines.push(`It would have exported **${formatCount(exported)}** logs from ${tenant} to ${target}: ${formatCount(stats.events)} events, ${formatBytes(stats.bytes)} in ${formatCount(stats.puts)} PutLogEvents calls${range}.`);
        const gb = stats.bytes / 1e9;
        lines.push(`Estimated ingestion cost: about USD ${(gb * INGESTION_USD_PER_GB).toFixed(4)} (${gb.toFixed(6)} GB at USD ${INGESTION_USD_PER_GB.toFixed(2)} per GB, the standard class's list price in us-east-1; other regions differ).`);
    }
    if (stats.wouldCreate) {
        lines.push(stats.wouldCreate === 'group'
            ? `The log group ${group} does not exist yet: a real run creates it and the stream.`
            : `The log stream does not exist yet: a real run creates it.`);
    }
    lines.push('No event was put, no log group or stream created, no retention set, no metrics sent and no checkpoint saved: the next real run starts where this one did.');
    return `${lines.join('\n\n')}\n`;
}
function formatBytes(bytes) {
    if (bytes < 1_024)
        return `${bytes} bytes`;
    if (bytes < 1_048_576)
        return `${(bytes / 1_024).toFixed(1)} KiB`;
    return `${(bytes / 1_048_576).toFixed(1)} MiB`;
}
/**
 * A failed run: what it exported, where the checkpoint stays, and what is not known. The error is
 * an HTML block, where no URL it may hold becomes a link.
 */
function failure(report) {
    const { tenant, target } = names(report);
    const result = report.result;
    const exported = result?.tally.exported ?? 0;
    // Where the next run starts: the checkpoint as the run left it, or as it found it.
    const next = result?.checkpointAfter ??
        result?.startedAfter ??
        result?.checkpointBefore ??
        report.checkpointBefore;
    const lines = [
        `:x: **The export from ${tenant} to ${target} failed.**`,
        '',
        `<p>${oneLine(escapeHtml(report.error ?? ''))}</p>`,
        '',
        exported === 0
            ? '- **Exported**: nothing in this run.'
            : `- **Exported**: ${formatCount(exported)} log${exported === 1 ? '' : 's'} before the failure.`,
        !next
            ? "- **Checkpoint**: none yet; the next run starts where 'start-from' says, or after the newest log already in the stream."
            : exported > 0
                ? `- **Checkpoint**: moved to log ${position(next)}; the next run continues after it.`
                : `- **Checkpoint**: stays at log ${position(next)}; the next run starts after it.`,
        '- **Caught up**: unknown; the run stopped before it read to the end of the tenant’s logs.',
    ];
    const lag = result ? (0,outputs/* lagSeconds */.I)(result, report.finishedAt) : undefined;
    lines.push(lag === undefined
        ? '- **Behind**: unknown.'
        : `- **Behind**: at least ${formatDuration(lag * 1000)} (the age of the newest log exported; how many logs wait in Auth0 is unknown).`);
    return `${lines.join('\n')}\n`;
}
/** How many logs the run handled, in one column of right-aligned figures. */
function counts(report) {
    const result = report.result;
    if (!result)
        return '';
    // A run that failed before it read a page has no counts to show: the failure says "nothing".
    if (report.error !== undefined && result.fetched === 0)
        return '';
    const rows = [
        ['fetched from Auth0', result.fetched],
        [
            report.dryRun ? 'would be exported (dry run)' : 'exported to CloudWatch',
            result.tally.exported,
        ],
        ['filtered out (log-level, log-types)', result.tally.filtered],
        ['rejected by CloudWatch (counted, not stored)', result.tally.rejected.length],
    ];
    if (report.cloudwatch?.eventsFoundStored) {
        rows.push([
            'of these exported: found stored after an unclear put, not sent twice',
            report.cloudwatch.eventsFoundStored,
        ]);
    }
    const title = report.error !== undefined ? 'Logs before the failure' : 'Logs in this run';
    return table([title, 'count'], rows.map(([label, value]) => [label, formatCount(value)]), ['left', 'right']);
}
/** Where the run started and where the next one will. */
function checkpoint(result, dryRun) {
    if (!result)
        return '';
    const start = `The run started after ${START_REASONS[result.startReason]}`;
    if (dryRun) {
        const at = result.checkpointBefore ?? result.startedAfter;
        return at
            ? `**Checkpoint**: stays at log ${position(at)} (dry run). ${start}.\n`
            : `**Checkpoint**: none, and none saved (dry run). ${start}.\n`;
    }
    const before = result.checkpointBefore;
    const after = result.checkpointAfter;
    if (!after) {
        const at = before ?? result.startedAfter;
        return at
            ? `**Checkpoint**: stays at log ${position(at)}; nothing new was exported. ${start}.\n`
            : `**Checkpoint**: none yet. ${start}.\n`;
    }
    if (!before)
        return `**Checkpoint**: set to log ${position(after)}. ${start}.\n`;
    return `**Checkpoint**: moved from log ${position(before)} to ${position(after)}. ${start}.\n`;
}
/** Duration, the pace and the calls made, as one sentence. */
function runFacts(report) {
    const parts = [];
    if (report.auth0) {
        const a = report.auth0;
        const answered = a.rateLimited ? `, ${formatCount(a.rateLimited)} answered 429` : '';
        const waits = a.rateLimitWaits === 0
            ? `no rate-limit waits${answered}`
            : `${formatCount(a.rateLimitWaits)} held back by the rate limit for ${formatDuration(a.rateLimitWaitMs)} in all${answered}`;
        const inFlight = a.peakConcurrency === undefined
            ? ''
            : `; at most ${a.peakConcurrency} of ${a.maxConcurrency ?? a.peakConcurrency} in flight${a.segments ? `, over ${formatCount(a.segments)} segment${a.segments === 1 ? '' : 's'} and ${formatCount(a.searches ?? 0)} boundary search${a.searches === 1 ? '' : 'es'}` : ''}`;
        parts.push(`${formatCount(a.requests)} Auth0 request${a.requests === 1 ? '' : 's'} (${retried(a.retries)}, ${waits}${inFlight})`);
    }
    if (report.cloudwatch) {
        const c = report.cloudwatch;
        parts.push(c.puts === 0
            ? 'no CloudWatch puts'
            : `${formatCount(c.puts)} CloudWatch put${c.puts === 1 ? '' : 's'} (${retried(c.putRetries)})`);
    }
    const calls = parts.length > 0 ? `: ${parts.join(' and ')}` : '';
    const duration = report.finishedAt - report.startedAt;
    const fetched = report.result?.fetched ?? 0;
    const pace = fetched > 0 && duration > 0
        ? ` (${formatCount(Math.round(fetched / (duration / 1000)))} logs read a second)`
        : '';
    return `The run took ${formatDuration(duration)}${pace}${calls}.\n`;
}
function retried(count) {
    return count === 0 ? 'none retried' : `${formatCount(count)} retried`;
}
function typeTable(result) {
    if (!result || result.tally.types.size === 0)
        return '';
    const entries = [...result.tally.types].sort(([a, x], [b, y]) => total(y) - total(x) || a.localeCompare(b));
    // A column of zeros says nothing; exported is always shown.
    const fields = ['exported', 'filtered', 'rejected'].filter((field) => field === 'exported' || entries.some(([, count]) => count[field] > 0));
    const rows = entries
        .slice(0, MAX_TYPE_ROWS)
        .map(([type, count]) => [
        `<code>${escapeHtml(type)}</code>`,
        escapeHtml((0,filter/* describeLogType */.kE)(type)),
        ...fields.map((field) => formatCount(count[field])),
    ]);
    const rest = entries.slice(MAX_TYPE_ROWS);
    if (rest.length > 0) {
        const sum = (field) => formatCount(rest.reduce((acc, [, count]) => acc + count[field], 0));
        rows.push([`${formatCount(rest.length)} more types`, '', ...fields.map(sum)]);
    }
    const unknown = entries.filter(([type]) => !(0,filter/* findLogType */.k1)(type)).map(([type]) => type);
    const note = unknown.length > 0
        ? `\nTypes the catalog does not know (exported unless listed in \`exclude-log-types\`): ${unknown
            .slice(0, MAX_TYPE_ROWS)
            .map((type) => `<code>${escapeHtml(type)}</code>`)
            .join(', ')}${unknown.length > MAX_TYPE_ROWS ? ' …' : ''}.\n`
        : '';
    return `### Log types\n\n${table(['type', 'name', ...fields], rows, [
        'left',
        'left',
        ...fields.map(() => 'right'),
    ])}${note}`;
}
function total(count) {
    return count.exported + count.filtered + count.rejected;
}
/**
 * A Mermaid bar chart of exported logs per hour (or per day), the value axis from 0 so that bar
 * heights compare. xychart-beta draws the bars of one slot on top of each other and has no legend,
 * so the key above it names the bands: all logs behind, failures and other above, failures in front.
 */
function chart(result) {
    if (!result || result.tally.hourly.size === 0)
        return '';
    let buckets = [...result.tally.hourly]
        .map(([key, c]) => ({ key, ...c }))
        .sort((a, b) => a.key.localeCompare(b.key));
    let daily = false;
    if (buckets.length > MAX_CHART_BARS) {
        const days = new Map();
        for (const hour of buckets) {
            const key = hour.key.slice(0, 10);
            const day = days.get(key) ?? { key, success: 0, failure: 0, other: 0 };
            day.success += hour.success;
            day.failure += hour.failure;
            day.other += hour.other;
            days.set(key, day);
        }
        buckets = [...days.values()].slice(-MAX_CHART_BARS);
        daily = true;
    }
    const first = buckets[0];
    const last = buckets[buckets.length - 1];
    const slotMs = daily ? 86_400_000 : 3_600_000;
    const startOf = (bucket) => Date.parse(daily ? `${bucket.key}T00:00:00Z` : `${bucket.key}:00:00Z`);
    const from = result.tally.firstExportedAt;
    const to = result.tally.lastExportedAt;
    // A slot is partial when the run's logs begin after its start or end before its end: the logs
    // of the rest of that hour were exported by another run, or are still to come.
    const firstPartial = from !== undefined && from > startOf(first);
    const lastPartial = to !== undefined && to < startOf(last) + slotMs - 1_000;
    const days = new Set(buckets.map((b) => b.key.slice(0, 10)));
    const label = (bucket, index) => {
        let text = daily ? bucket.key.slice(5) : `${bucket.key.slice(11, 13)}:00`;
        // Hours of several days: the first hour of each day carries its date.
        if (!daily &&
            days.size > 1 &&
            (index === 0 || bucket.key.slice(0, 10) !== buckets[index - 1].key.slice(0, 10))) {
            text = `${bucket.key.slice(5, 10)} ${text}`;
        }
        const partial = (index === 0 && firstPartial) || (index === buckets.length - 1 && lastPartial);
        return JSON.stringify(partial ? `${text}*` : text);
    };
    const all = buckets.map((c) => c.success + c.failure + c.other);
    const notSuccess = buckets.map((c) => c.failure + c.other);
    const failures = buckets.map((c) => c.failure);
    const unit = daily ? 'day' : 'hour';
    const range = dateRange(first, last, daily);
    const partial = [];
    const clock = (ms) => {
        const iso = new Date(ms).toISOString();
        return daily ? `${iso.slice(5, 10)} ${iso.slice(11, 16)}` : iso.slice(11, 16);
    };
    if (first === last && (firstPartial || lastPartial)) {
        partial.push(`the only ${unit} counts logs from ${clock(from ?? startOf(first))} to ${clock(to ?? startOf(last) + slotMs)} UTC`);
    }
    else {
        if (firstPartial)
            partial.push(`the first ${unit} counts logs from ${clock(from)} UTC on`);
        if (lastPartial)
            partial.push(`the last ${unit} counts logs up to ${clock(to)} UTC`);
    }
    const partialNote = partial.length > 0 ? ` \\* Partial ${unit}: ${partial.join('; ')}.` : '';
    return [
        `### Exported logs per ${unit}, ${range}`,
        '',
        `Key: green = successes, amber = other (warnings, notices and types the catalog does not know), red = failures; each bar's full height is all logs exported from that ${unit}.${partialNote}`,
        '',
        '```mermaid',
        '%%{init: {"themeVariables": {"xyChart": {"plotColorPalette": "#2da44e, #bf8700, #cf222e"}}}}%%',
        'xychart-beta',
        `  x-axis "${unit} (UTC)" [${buckets.map(label).join(', ')}]`,
        `  y-axis "logs" 0 --> ${axisTop(Math.max(...all))}`,
        `  bar [${all.join(', ')}]`,
        `  bar [${notSuccess.join(', ')}]`,
        `  bar [${failures.join(', ')}]`,
        '```',
        '',
    ].join('\n');
}
/** "2026-11-24 (UTC)", or "2026-11-23 to 2026-11-24 (UTC)" when the bars span several days. */
function dateRange(first, last, daily) {
    const a = first.key.slice(0, 10);
    const b = last.key.slice(0, 10);
    if (a === b && !daily)
        return `${a} (UTC)`;
    return `${a} to ${b} (UTC)`;
}
/**
 * The top of the value axis: a round figure at or above the tallest bar, plus 5%. Mermaid labels a
 * tick that falls on the axis' very top half outside the chart, where it is cut off.
 */
function axisTop(tallest) {
    return Number((niceCeiling(tallest) * 1.05).toPrecision(6));
}
/** The smallest of 1, 2, 2.5, 5 × 10^n at or above `value`. */
function niceCeiling(value) {
    if (value <= 0)
        return 1;
    const power = 10 ** Math.floor(Math.log10(value));
    for (const step of [1, 2, 2.5, 5, 10]) {
        if (step * power >= value)
            return step * power;
    }
    return 10 * power;
}
const REDACT_METHOD_LABELS = {
    hash: 'replaced by an HMAC-SHA256 token (`redact-method: hash`)',
    mask: 'replaced by `[redacted]` (`redact-method: mask`)',
    drop: 'removed (`redact-method: drop`)',
};
/** Fields and counts only: never a redacted value, nor the key. */
function redactionTable(result) {
    const redaction = result?.redaction;
    if (!redaction)
        return '';
    const rows = redaction.fields
        .filter((field) => field.values > 0)
        .map((field) => [
        `<code>${escapeHtml(field.field)}</code>`,
        formatCount(field.values),
        field.from.map((entry) => `<code>${escapeHtml(entry)}</code>`).join(', '),
    ]);
    const intro = `Values ${REDACT_METHOD_LABELS[redaction.method]}, in ${formatCount(redaction.logs)} logs, before they left the runner.`;
    const body = rows.length > 0
        ? table(['field', 'values', 'from redact-fields'], rows, ['left', 'right', 'left'])
        : 'No field named in `redact-fields` held a value in these logs.\n';
    return `### Redacted\n\n${intro}\n\n${body}`;
}
function rejectedTable(result) {
    if (!result || result.tally.rejected.length === 0)
        return '';
    const rows = [...result.tally.rejectedByReason()].map(([reason, ids]) => {
        const listed = ids.slice(0, MAX_LISTED_IDS).map((id) => `<code>${escapeHtml(id)}</code>`);
        const more = ids.length > MAX_LISTED_IDS ? ` and ${formatCount(ids.length - MAX_LISTED_IDS)} more` : '';
        return [
            escapeHtml(tally/* REJECT_LABELS */.oJ[reason]),
            formatCount(ids.length),
            `${listed.join(' ')}${more}`,
        ];
    });
    return `### Logs CloudWatch could not store\n\n${table(['reason', 'count', 'log_ids'], rows, ['left', 'right', 'left'])}`;
}
/**
 * Warnings as one HTML block of paragraphs: messages quote errors, and no URL in them becomes a
 * link there (cmark-gfm autolinks only Markdown text).
 */
function warnings(list) {
    if (list.length === 0)
        return '';
    const shown = list
        .slice(0, MAX_WARNINGS)
        .map((warning) => `<p>• ${oneLine(escapeHtml(warning.slice(0, MAX_WARNING_CHARS)))}</p>`);
    if (list.length > MAX_WARNINGS) {
        shown.push(`<p>… and ${formatCount(list.length - MAX_WARNINGS)} more</p>`);
    }
    return `### Warnings\n\n${shown.join('\n')}\n`;
}
/** An HTML block ends at a blank line, so text inside one is kept to one line. */
function oneLine(text) {
    return text.replace(/\s*\r?\n\s*/g, ' ');
}
/** A Markdown table; cells must already be escaped. Pipes and newlines are made safe here. */
function table(header, rows, align = []) {
    const cell = (text) => text.replace(/\|/g, '&#124;').replace(/\r?\n/g, ' ');
    const lines = [
        `| ${header.map(cell).join(' | ')} |`,
        `|${header.map((_, i) => (align[i] === 'right' ? '---:' : '---')).join('|')}|`,
        ...rows.map((row) => `| ${row.map(cell).join(' | ')} |`),
    ];
    return `${lines.join('\n')}\n`;
}
function position(value) {
    const date = value.date ? ` (${escapeHtml(value.date)})` : '';
    return `<code>${escapeHtml(value.logId)}</code>${date}`;
}
function formatDuration(ms) {
    if (ms < 1000)
        return `${Math.max(0, Math.round(ms))} ms`;
    const seconds = Math.round(ms / 1000);
    if (seconds < 60)
        return `${(ms / 1000).toFixed(1)} s`;
    const minutes = Math.floor(seconds / 60);
    if (minutes < 60)
        return `${minutes} min ${seconds % 60} s`;
    const hours = Math.floor(minutes / 60);
    if (hours < 48)
        return `${hours} h ${minutes % 60} min`;
    return `${Math.floor(hours / 24)} days ${hours % 24} h`;
}


/***/ })

};
