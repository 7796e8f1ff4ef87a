export const id = 501;
export const ids = [501];
export const modules = {

/***/ 2501:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   sendRunMetrics: () => (/* binding */ sendRunMetrics)
/* harmony export */ });
/* unused harmony exports Metric, Dimension, metricData */
/* harmony import */ var _aws_sdk_client_cloudwatch__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(44085);
/* harmony import */ var _constants_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(27242);
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(83916);
/* harmony import */ var _retry_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(49809);




/** The metrics of DESIGN §11, one data point each per run. */
const Metric = {
    Runs: 'Runs',
    RunFailures: 'RunFailures',
    LogsExported: 'LogsExported',
    LogsFiltered: 'LogsFiltered',
    LogsRejected: 'LogsRejected',
    LagSeconds: 'LagSeconds',
    CaughtUp: 'CaughtUp',
};
const Dimension = {
    Tenant: 'Tenant',
    LogGroup: 'LogGroup',
    LogStream: 'LogStream',
};
/**
 * Attempts for calls that surely stored nothing (throttled, connection refused). Anything else is
 * sent once: a 5xx, a timeout or a dropped connection may come after CloudWatch stored the data
 * points, and a second copy would count the run twice in every Sum.
 */
const SCHEDULE = { baseMs: 1_000, maxMs: 4_000, attempts: 3 };
/** Without a deadline, one attempt waits at most this long for an answer. */
const REQUEST_TIMEOUT_MS = 15_000;
const CONNECTION_TIMEOUT_MS = 5_000;
const NOT_AFFECTED = 'The export itself is not affected.';
/** The run's data points: the same timestamp, unit and dimensions for every run of one export. */
function metricData(target, figures, at) {
    const Dimensions = [
        { Name: Dimension.Tenant, Value: target.tenant },
        { Name: Dimension.LogGroup, Value: target.logGroup },
        { Name: Dimension.LogStream, Value: target.logStream },
    ];
    const datum = (name, value, unit) => ({
        MetricName: name,
        Dimensions,
        Timestamp: at,
        Value: value,
        Unit: unit,
    });
    const data = [
        datum(Metric.Runs, 1, 'Count'),
        datum(Metric.RunFailures, figures.failed ? 1 : 0, 'Count'),
        datum(Metric.LogsExported, figures.exported, 'Count'),
        datum(Metric.LogsFiltered, figures.filtered, 'Count'),
        datum(Metric.LogsRejected, figures.rejected, 'Count'),
    ];
    if (figures.lagSeconds !== undefined) {
        data.push(datum(Metric.LagSeconds, figures.lagSeconds, 'Seconds'));
    }
    // A failed run did not reach the end of the tenant's logs, whatever it fetched before failing.
    data.push(datum(Metric.CaughtUp, figures.caughtUp && !figures.failed ? 1 : 0, 'None'));
    return data;
}
/** Sends the run's data points in one PutMetricData. Never throws: a failure is one warning. */
async function sendRunMetrics(options) {
    const now = options.now ?? Date.now;
    const sleep = options.sleep ?? _retry_js__WEBPACK_IMPORTED_MODULE_2__/* .sleep */ .yy;
    const random = options.random ?? Math.random;
    const log = options.log ?? (() => undefined);
    const data = metricData(options.target, options.figures, new Date(now()));
    const client = new _aws_sdk_client_cloudwatch__WEBPACK_IMPORTED_MODULE_3__/* .CloudWatchClient */ .WBn({
        region: options.region,
        credentials: options.credentials,
        maxAttempts: 1,
        requestHandler: {
            connectionTimeout: CONNECTION_TIMEOUT_MS,
            requestTimeout: REQUEST_TIMEOUT_MS,
            throwOnRequestTimeout: true,
        },
    });
    let attempts = 0;
    try {
        for (;;) {
            if (options.signal?.aborted) {
                return { sent: false, attempts, warning: gaveUp(attempts, 'the run was stopped') };
            }
            const left = options.deadline === undefined ? Infinity : options.deadline - now();
            if (left <= 0) {
                return { sent: false, attempts, warning: gaveUp(attempts, 'no time was left') };
            }
            attempts += 1;
            const result = await attempt(client, options.namespace, data, left, options.signal);
            if (result === 'sent') {
                log(`Sent ${data.length} metrics to the CloudWatch namespace '${options.namespace}'`);
                return { sent: true, attempts };
            }
            if (result === 'deadline' || result === 'aborted') {
                const why = result === 'deadline' ? 'the time left ran out' : 'the run was stopped';
                return {
                    sent: false,
                    attempts,
                    warning: `The run's CloudWatch metrics may not have been stored: ${why} before CloudWatch answered. ${NOT_AFFECTED}`,
                };
            }
            if (verdict(result.error) !== 'retry' || attempts >= SCHEDULE.attempts) {
                return { sent: false, attempts, warning: explain(result.error, options, attempts) };
            }
            const delay = (0,_retry_js__WEBPACK_IMPORTED_MODULE_2__/* .backoffDelay */ .EY)(attempts - 1, SCHEDULE, random);
            if (now() + delay >= (options.deadline ?? Infinity)) {
                return { sent: false, attempts, warning: explain(result.error, options, attempts) };
            }
            log(`PutMetricData failed (${describe(result)}); retrying in ${(delay / 1000).toFixed(1)} s`);
            await sleep(delay, options.signal);
        }
    }
    catch (error) {
        // Only a bug gets here (the SDK's failures are caught above); it still must not fail the export.
        return {
            sent: false,
            attempts,
            warning: `Sending the run's CloudWatch metrics failed: ${(0,_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .errorMessage */ .gJ)(error)}. ${NOT_AFFECTED}`,
        };
    }
    finally {
        client.destroy();
    }
}
/** One PutMetricData, bounded by the time left: 'sent', 'deadline', 'aborted', or the SDK's error. */
async function attempt(client, namespace, data, leftMs, signal) {
    const controller = new AbortController();
    let timer;
    let onAbort;
    // The SDK honours its abort signal only around the HTTP exchange (not while it resolves
    // credentials, for example), so the race also ends the wait on its own.
    const stop = new Promise((resolve) => {
        if (Number.isFinite(leftMs)) {
            timer = setTimeout(() => resolve('deadline'), leftMs);
        }
        onAbort = () => resolve('aborted');
        signal?.addEventListener('abort', onAbort, { once: true });
    });
    const send = client
        .send(new _aws_sdk_client_cloudwatch__WEBPACK_IMPORTED_MODULE_3__/* .PutMetricDataCommand */ .zmv({ Namespace: namespace, MetricData: data }), {
        abortSignal: controller.signal,
    })
        .then(() => 'sent', (error) => ({ error }));
    try {
        const result = await Promise.race([send, stop]);
        if (result === 'deadline' || result === 'aborted')
            controller.abort();
        return result;
    }
    finally {
        clearTimeout(timer);
        if (onAbort)
            signal?.removeEventListener('abort', onAbort);
    }
}
function errorName(error) {
    return error?.name;
}
function errorCode(error) {
    return error?.code;
}
/**
 * The action's classification, but for a refused connection: it reached no service, so nothing can
 * have been stored and it is safe to send again. Everything 'unclear' (a 5xx, a timeout, a dropped
 * connection) is not resent here, since there is no way to check whether the data points landed.
 */
function verdict(error) {
    if (errorCode(error) === 'ECONNREFUSED')
        return 'retry';
    return (0,_retry_js__WEBPACK_IMPORTED_MODULE_2__/* .classify */ .L8)(error);
}
function explain(error, options, attempts) {
    const name = errorName(error);
    const { namespace, region } = options;
    const keys = options.credentials
        ? "the keys given in 'aws-access-key-id' and 'aws-secret-access-key'"
        : 'the credentials of the default chain';
    const cause = describe(error);
    let what;
    if (name === 'AccessDenied' || name === 'AccessDeniedException') {
        what = `AWS denied cloudwatch:PutMetricData (${cause}). Allow the action cloudwatch:PutMetricData for ${keys}, with the condition "StringEquals": {"cloudwatch:namespace": "${namespace}"} (the IAM statement is in the README).`;
    }
    else if ((0,_retry_js__WEBPACK_IMPORTED_MODULE_2__/* .classify */ .L8)(error) === 'retry') {
        what = `CloudWatch throttled PutMetricData ${times(attempts)} (${cause}); this run's data points were not stored.`;
    }
    else if (errorCode(error) === 'ECONNREFUSED' || errorCode(error) === 'ENOTFOUND') {
        what = `CloudWatch in ${region} could not be reached (tried ${times(attempts)}; ${cause}); this run's data points were not stored.`;
    }
    else if (name === 'InvalidClientTokenId' || name === 'UnrecognizedClientException') {
        what = `AWS did not recognise the access key ID of ${keys} (${name}).`;
    }
    else if (name === 'SignatureDoesNotMatch' || name === 'InvalidSignatureException') {
        what = `AWS rejected the signature made with ${keys} (${name}): the secret access key does not match the access key ID.`;
    }
    else if (name === 'ExpiredToken' || name === 'ExpiredTokenException') {
        what = `The AWS session token of ${keys} has expired (${name}).`;
    }
    else if (name === 'CredentialsProviderError') {
        what = `No AWS credentials were found for CloudWatch (${cause}).`;
    }
    else if (verdict(error) === 'unclear') {
        what = `PutMetricData failed (${cause}) at a point where CloudWatch may have stored the data points; it is not resent, so that no run is counted twice. If they were not stored, this run is missing from the metrics.`;
    }
    else {
        what = `CloudWatch refused the data points (${cause}). Check '${_constants_js__WEBPACK_IMPORTED_MODULE_0__/* .Input */ .pd.MetricsNamespace}': '${namespace}'.`;
    }
    return `The run's CloudWatch metrics were not sent: ${what} ${NOT_AFFECTED}`;
}
function times(count) {
    return count === 1 ? 'once' : `${count} times`;
}
function gaveUp(attempts, why) {
    const tried = attempts > 0 ? ` (tried ${times(attempts)})` : '';
    return `The run's CloudWatch metrics were not sent${tried}: ${why}. ${NOT_AFFECTED}`;
}
function describe(error) {
    const name = errorName(error);
    const code = errorCode(error);
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
