export const id = 779;
export const ids = [779];
export const modules = {

/***/ 97779:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  Auth0LogSource: () => (/* binding */ Auth0LogSource),
  classifyAuth0Error: () => (/* binding */ classifyAuth0Error)
});

// EXTERNAL MODULE: ./node_modules/auth0/dist/esm/management/errors/ManagementError.mjs
var ManagementError = __webpack_require__(42318);
// EXTERNAL MODULE: ./node_modules/auth0/dist/esm/management/wrapper/token-provider.mjs + 32 modules
var token_provider = __webpack_require__(99933);
// EXTERNAL MODULE: ./node_modules/auth0/dist/esm/management/errors/ManagementTimeoutError.mjs
var ManagementTimeoutError = __webpack_require__(11873);
// EXTERNAL MODULE: ./node_modules/auth0/dist/esm/management/api/resources/logs/client/Client.mjs + 34 modules
var Client = __webpack_require__(12514);
// EXTERNAL MODULE: ./src/constants.ts
var constants = __webpack_require__(27242);
// EXTERNAL MODULE: ./src/errors.ts
var errors = __webpack_require__(83916);
// EXTERNAL MODULE: ./src/retry.ts
var retry = __webpack_require__(49809);
// EXTERNAL MODULE: ./src/logs/log.ts
var logs_log = __webpack_require__(6625);
;// CONCATENATED MODULE: ./src/auth0/rate-budget.ts
/**
 * The export's share of the tenant's Management API rate limit. Auth0 meters every client of a
 * tenant against one token bucket and reports it on each answer: x-ratelimit-limit (the bucket),
 * x-ratelimit-remaining (what is left) and x-ratelimit-reset (the UNIX second by which requests are
 * added back). The export is a background client: it never takes the last `reserve` requests of the
 * bucket, so the tenant's own software (sign-up hooks, admin tools) keeps them, and it backs off
 * harder when Auth0 answers 429 anyway.
 */


/** One wait for the bucket is capped, in case a reset header is far off. */
const MAX_WAIT_MS = 60_000;
/** After a 429 the wait runs a little past the reset, so that the bucket has refilled by then. */
const RATE_LIMITED_JITTER_MS = 250;
/** The reserve in requests for a bucket of `limit`: a percentage rounds up, so it is never less. */
function reserveFor(reserve, limit) {
    return 'percent' in reserve ? Math.ceil((limit * reserve.percent) / 100) : reserve.count;
}
/**
 * Admits Auth0 requests one at a time, in priority order: at most the current concurrency in
 * flight, and only while the last seen remaining, less the requests in flight, stays above the
 * reserve. Below it, the budget waits for an answer still in flight (fresher headers) or, with none,
 * until the reset the headers announce, and then lets one request through to read the bucket again,
 * so that even a bucket no larger than the reserve (a free tenant's 2) keeps making progress.
 * A 429 waits until its reset and halves the concurrency, which grows back by one after each run of
 * as many answers without one.
 */
class RateBudget {
    options;
    stats = { peakConcurrency: 0, waits: 0, waitMs: 0, rateLimited: 0 };
    inFlight = 0;
    allowed;
    successes = 0;
    limit;
    remaining;
    resetAt = 0;
    blockedUntil = 0;
    toldReserve = false;
    queue = [];
    order = 0;
    wake = [];
    now;
    sleep;
    random;
    log;
    constructor(options) {
        this.options = options;
        this.allowed = options.maxConcurrency;
        this.now = options.now ?? Date.now;
        this.sleep = options.sleep ?? retry/* sleep */.yy;
        this.random = options.random ?? Math.random;
        this.log = options.log ?? (() => undefined);
        options.signal?.addEventListener('abort', () => this.notify(), { once: true });
    }
    /** Requests allowed in flight now: `max-concurrency`, halved after a 429 and grown back. */
    get concurrency() {
        return this.allowed;
    }
    /** Waits until a request may go out; lower priorities go first. Pair with release(). */
    async acquire(priority = 0) {
        const ticket = { priority, order: this.order++ };
        this.queue.push(ticket);
        this.queue.sort((a, b) => a.priority - b.priority || a.order - b.order);
        /** When the bucket, not the concurrency, started holding this request back. */
        let heldSince;
        try {
            for (;;) {
                if (this.options.signal?.aborted)
                    throw new errors/* ActionError */.lZ('The run was cancelled.');
                if (this.queue[0] !== ticket) {
                    await this.changed();
                    continue;
                }
                const admission = this.admission();
                if (admission === 'go') {
                    if (heldSince !== undefined) {
                        this.stats.waits += 1;
                        this.stats.waitMs += this.now() - heldSince;
                    }
                    this.inFlight += 1;
                    this.stats.peakConcurrency = Math.max(this.stats.peakConcurrency, this.inFlight);
                    return;
                }
                if (admission !== 'full') {
                    heldSince ??= this.now();
                }
                if (admission === 'full' || admission === 'answer') {
                    await this.changed();
                    continue;
                }
                await this.sleep(Math.min(admission.until - this.now(), MAX_WAIT_MS), this.options.signal);
            }
        }
        finally {
            this.queue.splice(this.queue.indexOf(ticket), 1);
            this.notify();
        }
    }
    /** Ends a request admitted by acquire(), with what its answer said about the bucket. */
    release(answer = {}) {
        this.inFlight -= 1;
        this.note(answer.headers);
        if (answer.rateLimited) {
            this.stats.rateLimited += 1;
            this.remaining = 0;
            this.allowed = Math.max(1, Math.floor(this.allowed / 2));
            this.successes = 0;
            const reset = this.resetAt > this.now() ? this.resetAt : this.now() + 1_000;
            this.blockedUntil = Math.max(this.blockedUntil, reset + Math.round(this.random() * RATE_LIMITED_JITTER_MS));
            this.log(`Auth0 rate limit (HTTP 429): waiting ${((this.blockedUntil - this.now()) / 1000).toFixed(1)} s until the reset, with ${this.allowed} request${this.allowed === 1 ? '' : 's'} in flight at most`);
        }
        else if (answer.headers) {
            this.successes += 1;
            if (this.allowed < this.options.maxConcurrency && this.successes >= this.allowed) {
                this.allowed += 1;
                this.successes = 0;
            }
        }
        this.notify();
    }
    note(headers) {
        if (!headers)
            return;
        const limit = Number(headers.get('x-ratelimit-limit') ?? NaN);
        const remaining = Number(headers.get('x-ratelimit-remaining') ?? NaN);
        const reset = Number(headers.get('x-ratelimit-reset') ?? NaN);
        if (Number.isFinite(limit) && limit > 0)
            this.limit = limit;
        if (Number.isFinite(remaining) && remaining >= 0)
            this.remaining = remaining;
        if (Number.isFinite(reset) && reset > 0) {
            this.resetAt = Math.min(reset * 1_000, this.now() + MAX_WAIT_MS);
        }
    }
    /**
     * 'go'; 'full': as many requests in flight as allowed; 'answer': at the reserve, an answer in
     * flight will tell more; or wait until a time (a 429's reset, or the refill the headers announce).
     */
    admission() {
        const now = this.now();
        if (this.inFlight >= this.allowed)
            return 'full';
        if (now < this.blockedUntil)
            return { until: this.blockedUntil };
        // Nothing known of the bucket yet: one request reads it.
        if (this.limit === undefined || this.remaining === undefined) {
            return this.inFlight === 0 ? 'go' : 'full';
        }
        const reserve = reserveFor(this.options.reserve, this.limit);
        if (this.remaining - this.inFlight > reserve)
            return 'go';
        if (this.inFlight > 0)
            return 'answer';
        if (this.resetAt > now) {
            if (!this.toldReserve) {
                this.toldReserve = true;
                this.log(`Auth0 rate limit: ${this.remaining} of ${this.limit} requests left, keeping ${reserve} for the tenant's other clients; waiting for the refill (reported once)`);
            }
            return { until: this.resetAt };
        }
        // The announced refill has come: one request reads the bucket again.
        this.remaining = reserve + 1;
        return 'go';
    }
    changed() {
        return new Promise((resolve) => {
            if (this.options.signal?.aborted)
                resolve();
            else
                this.wake.push(resolve);
        });
    }
    notify() {
        const waiting = this.wake;
        this.wake = [];
        for (const resolve of waiting)
            resolve();
    }
}

;// CONCATENATED MODULE: ./src/auth0/segments.ts
/**
 * Reading a backlog in segments (DESIGN §9). Checkpoint paging is sequential: each page names the
 * next, so a backlog is read at one round trip per page. While a backlog lasts, the reader splits the
 * range ahead into segments, runs of consecutive log_ids each read in checkpoint mode from one
 * boundary log_id up to and including the next, and reads up to `max-concurrency` of them at once.
 *
 * Boundaries come from search mode (the first log at or after a date), but only as hints: a segment
 * is defined by its two log_ids, a boundary is accepted only past everything read so far, and the
 * last segment runs in checkpoint mode to the end. So the segments tile the range with no hole and
 * no overlap whatever the search index answers (late, missing logs, dates out of log_id order).
 *
 * Pages are handed out strictly in log_id order, each starting right after the one before, so the
 * pipeline sees the same stream of pages as from a sequential reader. Each segment reads at most a
 * window of pages ahead of the consumer, which bounds memory whatever the backlog.
 */

/**
 * Pages a segment reads ahead of the consumer; a segment is planned to hold about this many, so that
 * it is read whole before the consumer reaches it, and one boundary search serves this many pages.
 */
const READ_AHEAD_PAGES = 24;
/** Consecutive boundaries refused (not past what was read) before the reader stops splitting for a while. */
const MAX_MISSES = 3;
/** Dates have millisecond precision: a boundary is looked for at least this far on. */
const MIN_BOUNDARY_STEP_MS = 100;
/** What a page read in a segment keeps, and whether the segment is complete with it. */
function trimToSegment(logs, end, take) {
    if (end === undefined)
        return { kept: logs, complete: logs.length < take };
    const kept = logs.filter((log) => (0,logs_log/* compareLogIds */.oV)(log.log_id, end) <= 0);
    const last = kept[kept.length - 1];
    const complete = kept.length < logs.length || logs.length < take || (last !== undefined && last.log_id === end);
    return { kept, complete };
}
/** Milliseconds between consecutive logs of a page, from its dates; undefined when they say nothing. */
function msPerLog(logs) {
    const dates = logs.map(logs_log/* logTimestamp */.F1).filter((date) => !Number.isNaN(date));
    if (dates.length < 2)
        return undefined;
    const span = Math.max(...dates) - Math.min(...dates);
    return span / (dates.length - 1);
}
/**
 * Whether a full page shows a backlog worth reading in segments: by the pace of its dates, more
 * than two segments' worth of logs lie between its newest log and now.
 */
function showsBacklog(logs, take, segmentLogs, now) {
    if (logs.length < take)
        return false;
    const pace = msPerLog(logs);
    const newest = Math.max(...logs.map(logs_log/* logTimestamp */.F1).filter((date) => !Number.isNaN(date)));
    if (pace === undefined || !Number.isFinite(newest))
        return false;
    const behind = now - newest;
    return behind > 0 && behind > 2 * segmentLogs * Math.max(pace, 1);
}
/**
 * The date to look for the next boundary at: about `logs` logs after `fromDate` at `pace` ms a log,
 * further on each refused attempt; undefined when that is not before now (the last segment's reader
 * gets there as soon).
 */
function boundaryDate(fromDate, pace, logs, attempt, now) {
    const date = fromDate + Math.max(pace * logs, MIN_BOUNDARY_STEP_MS) * 2 ** attempt;
    return date < now ? new Date(date) : undefined;
}
/**
 * Logs to plan the next segment for: a full segment while the backlog lasts, and near its end an
 * equal share of what is left for each reader (two pages at least), so that the last logs are read
 * in parallel too rather than by the last segment's reader alone.
 */
function segmentSize(options) {
    const { segmentLogs, take, readers, fromDate, pace, now } = options;
    const left = (now - fromDate) / Math.max(pace, 0.001);
    return Math.max(2 * take, Math.min(segmentLogs, left / Math.max(1, readers)));
}
/**
 * Whether a boundary found by search may end the last segment: only past everything it has read
 * (and so past every earlier boundary), whatever the index said.
 */
function acceptsBoundary(candidate, last) {
    return candidate !== undefined && !last.done && (0,logs_log/* compareLogIds */.oV)(candidate.log_id, last.cursor) > 0;
}
class SegmentReader {
    client;
    options;
    stats = { segments: 0, searches: 0 };
    segments = [];
    /** The `from` of the page the consumer asks for next while a plan lasts. */
    expected;
    take = 0;
    searching = false;
    misses = 0;
    /** After MAX_MISSES refusals, splitting resumes once the last segment has read this many logs. */
    resumeAt = 0;
    pace = 1_000;
    closed = false;
    wake = [];
    windowPages;
    now;
    constructor(client, options) {
        this.client = client;
        this.options = options;
        this.windowPages = options.windowPages ?? READ_AHEAD_PAGES;
        this.now = options.now ?? Date.now;
    }
    /** The page after `from`, as checkpoint mode would answer it; read ahead while a backlog lasts. */
    async page(from, take) {
        if (this.segments.length > 0 && from === this.expected && take === this.take) {
            return this.fromSegments(from, take);
        }
        this.drop();
        return this.sequential(from, take);
    }
    /** Stops reading ahead; requests in flight finish and are dropped. */
    close() {
        this.closed = true;
        this.drop();
    }
    async sequential(from, take) {
        const logs = await this.client.page(from, take, 0);
        const last = logs[logs.length - 1];
        if (!this.closed &&
            this.options.maxConcurrency > 1 &&
            last &&
            showsBacklog(logs, take, this.segmentLogs(take), this.now())) {
            this.take = take;
            this.pace = msPerLog(logs) ?? this.pace;
            this.expected = last.log_id;
            this.misses = 0;
            this.resumeAt = 0;
            this.open(last.log_id, (0,logs_log/* logTimestamp */.F1)(last));
        }
        return logs;
    }
    async fromSegments(from, take) {
        for (;;) {
            const head = this.segments[0];
            if (!head)
                return this.sequential(from, take);
            const logs = head.pages.shift();
            if (logs) {
                this.expected = logs[logs.length - 1].log_id;
                this.notify();
                return logs;
            }
            if (head.error !== undefined) {
                const { error } = head;
                this.drop();
                throw error;
            }
            if (head.done && head.end === undefined) {
                // The last segment reached the end: from here on, as a sequential reader.
                this.drop();
                return this.sequential(from, take);
            }
            if (head.done) {
                this.segments.shift();
                this.split();
                continue;
            }
            await this.changed();
        }
    }
    segmentLogs(take) {
        return this.windowPages * take;
    }
    /** Starts a segment after `start`, the new last one, and its reader. */
    open(start, startDate) {
        const segment = {
            start,
            cursor: start,
            cursorDate: startDate,
            pages: [],
            read: 0,
            done: false,
        };
        this.segments.push(segment);
        this.stats.segments += 1;
        void this.read(segment);
        this.split();
        return segment;
    }
    async read(segment) {
        while (!this.closed && !segment.done && this.segments.includes(segment)) {
            if (segment.pages.length >= this.windowPages) {
                await this.changed();
                continue;
            }
            let logs;
            try {
                logs = await this.client.page(segment.cursor, this.take, this.segments.indexOf(segment));
            }
            catch (error) {
                // Kept for the consumer, who meets it only after every page before it.
                segment.error = error;
                segment.done = true;
                this.notify();
                return;
            }
            if (!this.segments.includes(segment))
                return;
            // The end may have been set while the request was in flight: trim to it now.
            const { kept, complete } = trimToSegment(logs, segment.end, this.take);
            const last = kept[kept.length - 1];
            if (last) {
                segment.pages.push(kept);
                segment.cursor = last.log_id;
                const date = (0,logs_log/* logTimestamp */.F1)(last);
                if (!Number.isNaN(date))
                    segment.cursorDate = date;
                segment.read += kept.length;
                const pace = msPerLog(kept);
                if (pace !== undefined)
                    this.pace = 0.8 * this.pace + 0.2 * pace;
            }
            if (complete)
                segment.done = true;
            this.notify();
            this.split();
        }
    }
    /**
     * Ends the last segment at a boundary found by search and opens a new last segment after it, while
     * fewer segments are open than requests may be in flight.
     */
    split() {
        const last = this.segments[this.segments.length - 1];
        if (this.searching || this.closed || !last || last.done)
            return;
        if (this.segments.length >= Math.min(this.options.maxConcurrency, this.client.concurrency)) {
            return;
        }
        if (this.misses >= MAX_MISSES && last.read < this.resumeAt)
            return;
        if (this.misses >= MAX_MISSES)
            this.misses = 0;
        const logs = segmentSize({
            segmentLogs: this.segmentLogs(this.take),
            take: this.take,
            readers: Math.min(this.options.maxConcurrency, this.client.concurrency),
            fromDate: last.cursorDate,
            pace: this.pace,
            now: this.now(),
        });
        const date = boundaryDate(last.cursorDate, this.pace, logs, this.misses, this.now());
        if (!date)
            return;
        this.searching = true;
        this.stats.searches += 1;
        this.client.firstAtOrAfter(date, 0.5).then((found) => {
            this.searching = false;
            if (this.closed || this.segments[this.segments.length - 1] !== last)
                return;
            if (!acceptsBoundary(found, last)) {
                this.misses += 1;
                if (this.misses >= MAX_MISSES)
                    this.resumeAt = last.read + this.segmentLogs(this.take);
                this.split();
                return;
            }
            this.misses = 0;
            last.end = found.log_id;
            const date = (0,logs_log/* logTimestamp */.F1)(found);
            this.open(found.log_id, Number.isNaN(date) ? last.cursorDate : date);
            this.notify();
        }, () => {
            // The index is only a hint: without it, the last segment reads on to the end.
            this.searching = false;
            this.misses = MAX_MISSES;
            this.resumeAt = Infinity;
        });
    }
    drop() {
        this.segments = [];
        this.expected = undefined;
        this.notify();
    }
    changed() {
        return new Promise((resolve) => this.wake.push(resolve));
    }
    notify() {
        const waiting = this.wake;
        this.wake = [];
        for (const resolve of waiting)
            resolve();
    }
}

;// CONCATENATED MODULE: ./src/auth0/source.ts








/** Per-request timeout; the SDK's own default is 60 s. */
const REQUEST_TIMEOUT_SECONDS = 30;
/** For a request that fails with a 5xx, a timeout or a dropped connection. */
const BACKOFF = { baseMs: 1_000, maxMs: 30_000, attempts: 6 };
/** Consecutive 429s after which the run gives up instead of waiting on. */
const MAX_RATE_LIMIT_WAITS = 30;
const DEFAULT_RESERVE = { percent: 20 };
/**
 * Reads a tenant's logs through the Management API: checkpoint paging (in segments while a backlog
 * lasts), within the rate-limit budget, with retries.
 */
class Auth0LogSource {
    options;
    requests = 0;
    retries = 0;
    tokens;
    logs;
    lastToken;
    budget;
    segments;
    sleep;
    now;
    random;
    log;
    constructor(options) {
        this.options = options;
        this.sleep = options.sleep ?? retry/* sleep */.yy;
        this.now = options.now ?? Date.now;
        this.random = options.random ?? Math.random;
        this.log = options.log ?? (() => undefined);
        const maxConcurrency = options.maxConcurrency ?? 1;
        this.budget = new RateBudget({
            maxConcurrency,
            reserve: options.reserve ?? DEFAULT_RESERVE,
            now: this.now,
            sleep: this.sleep,
            random: this.random,
            signal: options.signal,
            log: this.log,
        });
        if (maxConcurrency > 1) {
            const budget = this.budget;
            this.segments = new SegmentReader({
                page: (from, take, priority) => this.checkpointPage(from, take, priority),
                firstAtOrAfter: async (date, priority) => (await this.search('a segment boundary', date, 1, priority))[0],
                get concurrency() {
                    return budget.concurrency;
                },
            }, { maxConcurrency, now: this.now });
        }
        this.connect();
    }
    get stats() {
        const { waits, waitMs, rateLimited, peakConcurrency } = this.budget.stats;
        return {
            requests: this.requests,
            retries: this.retries,
            rateLimitWaits: waits,
            rateLimitWaitMs: Math.round(waitMs),
            rateLimited,
            peakConcurrency,
            segments: this.segments?.stats.segments ?? 0,
            searches: this.segments?.stats.searches ?? 0,
        };
    }
    /**
     * Logs with a log_id greater than `from`, in log_id order, as Auth0's checkpoint mode answers
     * them; read ahead in segments while a backlog lasts.
     */
    async page(from, take) {
        if (this.segments)
            return this.segments.page(from, take);
        return this.checkpointPage(from, take, 0);
    }
    /** Stops reading ahead (the run is over); requests in flight finish. */
    close() {
        this.segments?.close();
    }
    checkpointPage(from, take, priority) {
        return this.request('logs after checkpoint', { from, take }, { checkpoint: from }, priority);
    }
    /** One log by id; undefined when Auth0 no longer has it (404), e.g. past the tenant's retention. */
    async get(logId) {
        const found = await this.send('one log', async () => {
            try {
                const { data, rawResponse } = await this.logs
                    .get(logId, { abortSignal: this.options.signal })
                    .withRawResponse();
                return { value: [data], headers: rawResponse.headers };
            }
            catch (error) {
                if (error instanceof ManagementError/* ManagementError */.Q && error.statusCode === 404) {
                    return { value: [], headers: error.rawResponse?.headers };
                }
                throw error;
            }
        });
        return found[0];
    }
    /** The oldest log the tenant retains, or undefined when it has none. */
    async oldest() {
        const [log] = await this.request('oldest log', { sort: 'date:1', per_page: 1, page: 0 });
        return log;
    }
    /** The newest log, or undefined when the tenant has none. */
    async newest() {
        const [log] = await this.request('newest log', { sort: 'date:-1', per_page: 1, page: 0 });
        return log;
    }
    /** The first logs at or after `date`, oldest first (Auth0's search mode with a date range). */
    async firstAtOrAfter(date, count) {
        return this.search('logs from date', date, count, 0);
    }
    search(what, date, count, priority) {
        const query = {
            q: `date:[${date.toISOString()} TO *]`,
            sort: 'date:1',
            per_page: count,
            page: 0,
        };
        return this.request(what, query, {}, priority);
    }
    connect() {
        const { domain, clientId, clientSecret } = this.options;
        this.tokens = new token_provider/* TokenProvider */.x({
            domain,
            clientId,
            clientSecret,
            audience: `https://${domain}/api/v2/`,
        });
        this.logs = new Client/* LogsClient */.n({
            baseUrl: `https://${domain}/api/v2`,
            token: () => this.accessToken(),
            maxRetries: 0,
            timeoutInSeconds: REQUEST_TIMEOUT_SECONDS,
        });
    }
    async accessToken() {
        const token = await (0,retry/* retrying */.R$)({
            ...this.retryLoop(),
            send: () => this.tokens.getAccessToken(),
            decide: (error) => {
                const status = error instanceof ManagementError/* ManagementError */.Q ? error.statusCode : undefined;
                if (status === 401 || status === 403) {
                    return {
                        kind: 'fail',
                        error: new errors/* ActionError */.lZ(`Auth0 refused the client credentials (HTTP ${status}) at https://${this.options.domain}/oauth/token. Check '${constants/* Input */.pd.Auth0ClientSecret}' and '${constants/* Input */.pd.Auth0ClientId}': the application must be a machine-to-machine application authorised for the Auth0 Management API.`),
                    };
                }
                // The SDK does not retry the token request at all: network errors, timeouts, 429 and 5xx.
                return { kind: 'classify' };
            },
            onRetry: ({ error, attempt, delayMs }) => this.noteRetry(`token request failed (${(0,errors/* errorMessage */.gJ)(error)})`, attempt, delayMs),
            fatal: (error) => new errors/* ActionError */.lZ(`Auth0 answered the token request with ${describeFailure(error)}: ${describeBody(error)}. Check '${constants/* Input */.pd.Auth0Domain}', '${constants/* Input */.pd.Auth0ClientId}' and '${constants/* Input */.pd.Auth0ClientSecret}'.`),
            exhausted: (error) => this.unreachable('the token request', error),
        });
        if (token !== this.lastToken) {
            this.lastToken = token;
            this.options.onToken?.(token);
        }
        return token;
    }
    request(what, query, context = {}, priority = 0) {
        return this.send(what, async () => {
            const page = await this.logs.list({ page: null, per_page: null, include_totals: null }, { queryParams: query, abortSignal: this.options.signal });
            return { value: page.response, headers: page.rawResponse.headers };
        }, context, priority);
    }
    /**
     * Sends one Management API request within the rate-limit budget (each attempt waits its turn, and
     * tells the budget what the answer said of the bucket), with retries and clear errors.
     */
    async send(what, call, context = {}, priority = 0) {
        let rateLimitWaits = 0;
        let refreshedToken = false;
        return (0,retry/* retrying */.R$)({
            ...this.retryLoop(),
            send: async () => {
                await this.budget.acquire(priority);
                let answer = {};
                try {
                    this.throwIfAborted();
                    this.requests += 1;
                    const { value, headers } = await call();
                    answer = { headers };
                    return readLogs(value, what);
                }
                catch (error) {
                    if (error instanceof ManagementError/* ManagementError */.Q) {
                        answer = { headers: error.rawResponse?.headers, rateLimited: error.statusCode === 429 };
                    }
                    throw error;
                }
                finally {
                    this.budget.release(answer);
                }
            },
            decide: (error) => {
                if (this.options.signal?.aborted || error instanceof errors/* ActionError */.lZ) {
                    return { kind: 'fail', error };
                }
                const status = error instanceof ManagementError/* ManagementError */.Q ? error.statusCode : undefined;
                if (status === 429) {
                    rateLimitWaits += 1;
                    if (rateLimitWaits > MAX_RATE_LIMIT_WAITS) {
                        return {
                            kind: 'fail',
                            error: new errors/* ActionError */.lZ(`Auth0 kept answering HTTP 429 (rate limit) for ${what} after ${MAX_RATE_LIMIT_WAITS} waits. Other Management API clients of this tenant may be using the whole budget; the next run continues from the checkpoint.`),
                        };
                    }
                    // The budget holds the next attempt back until the reset the answer announced.
                    return { kind: 'again' };
                }
                if (status === 401 && !refreshedToken) {
                    // Tokens are cached for their lifetime; one may still be revoked or expire early.
                    refreshedToken = true;
                    this.connect();
                    return { kind: 'again' };
                }
                const refusal = this.refusal(status, error, context);
                return refusal ? { kind: 'fail', error: refusal } : { kind: 'classify' };
            },
            onRetry: ({ error, attempt, delayMs }) => this.noteRetry(`${what}: ${describeFailure(error)}`, attempt, delayMs),
            fatal: (error) => new errors/* ActionError */.lZ(error instanceof ManagementError/* ManagementError */.Q && error.statusCode !== undefined
                ? `Auth0 answered HTTP ${error.statusCode} to the request for ${what}: ${describeBody(error)}.`
                : `The request to Auth0 for ${what} failed: ${describeFailure(error)}.`),
            exhausted: (error) => this.unreachable(what, error),
        });
    }
    /** The parts of the retry loop that every Management API request shares. */
    retryLoop() {
        return {
            schedule: BACKOFF,
            sleep: this.sleep,
            random: this.random,
            signal: this.options.signal,
            classify: classifyAuth0Error,
        };
    }
    /** An answer that says what the user must change: no retry can help. */
    refusal(status, error, context) {
        if (status === 401) {
            return new errors/* ActionError */.lZ(`Auth0 rejected the Management API token (HTTP 401) even after fetching a new one. Check that '${constants/* Input */.pd.Auth0ClientId}' belongs to the tenant '${this.options.domain}'.`);
        }
        if (status === 403) {
            return new errors/* ActionError */.lZ(`Auth0 refused to list logs (HTTP 403): the application '${this.options.clientId}' lacks the read:logs scope. Grant it under Applications > APIs > Auth0 Management API > Machine to Machine Applications.`);
        }
        if (status === 400 && context.checkpoint !== undefined) {
            return new errors/* ActionError */.lZ(`Auth0 refused the checkpoint log_id ${context.checkpoint} (HTTP 400: ${describeBody(error)}). Set '${constants/* Input */.pd.StartFrom}' to 'oldest', 'now', a date or a valid log_id to start again from there.`);
        }
        return undefined;
    }
    noteRetry(why, attempt, delayMs) {
        this.retries += 1;
        this.log(`Auth0 ${why}; retrying in ${(delayMs / 1000).toFixed(1)} s (attempt ${attempt + 1} of ${BACKOFF.attempts})`);
    }
    throwIfAborted() {
        if (this.options.signal?.aborted)
            throw new errors/* ActionError */.lZ('The run was cancelled.');
    }
    unreachable(what, error) {
        return new errors/* ActionError */.lZ(`Auth0 did not answer ${what} after ${BACKOFF.attempts} attempts (last: ${describeFailure(error)}). Check '${constants/* Input */.pd.Auth0Domain}' (${this.options.domain}) and Auth0's status page; the next run continues from the checkpoint.`);
    }
}
function readLogs(response, what) {
    // Checkpoint mode answers a plain array even though the SDK types it as the paged object.
    const logs = Array.isArray(response)
        ? response
        : response?.logs;
    if (!Array.isArray(logs) || !logs.every(logs_log/* isAuth0Log */.ZK)) {
        throw new errors/* ActionError */.lZ(`Auth0 answered the request for ${what} with something that is not a list of logs.`);
    }
    return logs;
}
/** What an Auth0 SDK failure means for a resend, by the shared classification. */
function classifyAuth0Error(error) {
    return (0,retry/* classify */.L8)(classifiable(error));
}
/** The Auth0 SDK's errors in the shape the shared classifier reads (an HTTP status, a timeout). */
function classifiable(error) {
    if (error instanceof ManagementTimeoutError/* ManagementTimeoutError */.N) {
        return { name: 'TimeoutError', message: error.message };
    }
    if (error instanceof ManagementError/* ManagementError */.Q) {
        const status = error.statusCode;
        return {
            name: status === 408 ? 'RequestTimeout' : error.name,
            message: error.message,
            $metadata: { httpStatusCode: status },
            cause: error.cause,
        };
    }
    return error;
}
function describeBody(error) {
    if (error instanceof ManagementError/* ManagementError */.Q) {
        const body = error.body;
        if (typeof body === 'string' && body !== '')
            return body.slice(0, 300);
        if (body && typeof body === 'object' && typeof body.message === 'string') {
            return body.message.slice(0, 300);
        }
    }
    return (0,errors/* errorMessage */.gJ)(error);
}
function describeFailure(error) {
    if (error instanceof ManagementError/* ManagementError */.Q) {
        if (error.statusCode !== undefined)
            return `HTTP ${error.statusCode}`;
        // A client-side timeout surfaces as a ManagementError "timeout" without a status.
        const cause = error.cause;
        return cause?.code ?? cause?.message ?? error.message;
    }
    const cause = error?.cause;
    return cause?.code ?? (0,errors/* errorMessage */.gJ)(error);
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
