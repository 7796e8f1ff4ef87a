import { describe, expect, it } from 'vitest';
import { lintWorkflows, workflowBlocks } from '../../script/actionlint.js';

const README = [
  '# Example',
  '',
  '```yaml',
  'on: push',
  'jobs:',
  '  export:',
  '    runs-on: ubuntu-latest',
  '    permissions:',
  '      id-token: writ',
  '    steps:',
  '      - run: echo hello',
  '```',
  '',
  'A fragment, not a workflow:',
  '',
  '```yaml',
  'permissions:',
  '  contents: read',
  '```',
].join('\n');

describe('actionlint over README examples', () => {
  it('takes the yaml blocks that are whole workflows, remembering where they start', () => {
    const blocks = workflowBlocks(README, 'README.md');
    expect(blocks).toHaveLength(1);
    expect(blocks[0]!.lineOffset).toBe(3);
    expect(blocks[0]!.text.startsWith('on: push\n')).toBe(true);
  });

  it("reports a finding at the README's own line", async () => {
    const findings = await lintWorkflows(workflowBlocks(README, 'README.md'));
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatch(/^README\.md:9:\d+: "writ" is invalid for permission/);
  });

  it('fails on a block that is never closed', () => {
    expect(() => workflowBlocks('```yaml\non: push\n', 'README.md')).toThrow(
      'README.md:1: a yaml block is never closed',
    );
  });
});
