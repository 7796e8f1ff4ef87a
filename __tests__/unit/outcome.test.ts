/** Success, failure or neither, as the summary's hourly chart counts a log type. */
import { describe, expect, it } from 'vitest';
import { outcomeOf } from '../../src/logs/filter.js';

describe('the outcome of a log type', () => {
  it("follows Auth0's dashboard filter when the type has one", () => {
    expect(outcomeOf('cls')).toBe('success'); // category "other", filter "success"
    expect(outcomeOf('f')).toBe('failure');
    expect(outcomeOf('depnote')).toBe('other'); // filter "warning"
  });

  it('otherwise follows the category: …-success, …-fail', () => {
    expect(outcomeOf('ciba_exchange_succeeded')).toBe('success');
    expect(outcomeOf('ciba_exchange_failed')).toBe('failure');
  });

  it('otherwise counts level 3 (error) and above as a failure, the rest as neither', () => {
    expect(outcomeOf('coff')).toBe('failure'); // level 3, category "other"
    expect(outcomeOf('api_limit_warning')).toBe('other'); // level 2
    expect(outcomeOf('acls_summary')).toBe('other'); // level 1
  });

  it('counts a type nobody knows as neither', () => {
    expect(outcomeOf('zzq')).toBe('other');
  });
});
