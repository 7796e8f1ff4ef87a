/**
 * deploy/cloudformation.yml grants exactly what the action calls: every `new XxxCommand(` in src/
 * is an IAM action the role must have, and the role has nothing else (DESIGN §8: least privilege).
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import yaml from 'js-yaml';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/** The IAM service prefix of each AWS SDK client the action may use. */
const IAM_PREFIX: Record<string, string> = {
  '@aws-sdk/client-cloudwatch-logs': 'logs',
  '@aws-sdk/client-cloudwatch': 'cloudwatch',
};

/** Log-group actions the role needs only when the action, not the stack, creates the group. */
const GROUP_ACTIONS = ['logs:CreateLogGroup', 'logs:PutRetentionPolicy', 'logs:DescribeLogGroups'];

/**
 * Export health metrics (DESIGN §11) are granted, under the MetricsNamespace condition, ahead of
 * the code that sends them; once src/ sends PutMetricData this allowance is no longer used.
 */
const GRANTED_AHEAD = ['cloudwatch:PutMetricData'];

// CloudFormation's short forms (!Ref, !Sub, ...) as the long forms they stand for.
const INTRINSICS = [
  'Base64',
  'Cidr',
  'FindInMap',
  'GetAtt',
  'GetAZs',
  'ImportValue',
  'Join',
  'Select',
  'Split',
  'Sub',
  'Transform',
  'And',
  'Equals',
  'If',
  'Not',
  'Or',
];
const CLOUDFORMATION_SCHEMA = yaml.DEFAULT_SCHEMA.extend(
  [
    ...['scalar', 'sequence', 'mapping'].map(
      (kind) =>
        new yaml.Type('!Ref', {
          kind: kind as 'scalar',
          construct: (data: unknown) => ({ Ref: data }),
        }),
    ),
    ...['scalar', 'sequence', 'mapping'].map(
      (kind) =>
        new yaml.Type('!Condition', {
          kind: kind as 'scalar',
          construct: (data: unknown) => ({ Condition: data }),
        }),
    ),
  ].concat(
    INTRINSICS.flatMap((name) =>
      ['scalar', 'sequence', 'mapping'].map(
        (kind) =>
          new yaml.Type(`!${name}`, {
            kind: kind as 'scalar',
            // !GetAtt Role.Arn is the short form of Fn::GetAtt: [Role, Arn].
            construct: (data: unknown) => ({
              [`Fn::${name}`]:
                name === 'GetAtt' && typeof data === 'string' ? data.split('.') : data,
            }),
          }),
      ),
    ),
  ),
);

interface Template {
  Parameters: Record<string, { Default?: unknown }>;
  Conditions: Record<string, unknown>;
  Resources: Record<
    string,
    { Type: string; Condition?: string; Properties: Record<string, unknown> }
  >;
  Outputs: Record<string, { Value: unknown }>;
}

const template = yaml.load(readFileSync(path.join(ROOT, 'deploy/cloudformation.yml'), 'utf8'), {
  schema: CLOUDFORMATION_SCHEMA,
}) as Template;

interface Grant {
  actions: string[];
  resources: unknown[];
  /** The template condition the statement depends on (from `!If [condition, statement, NoValue]`). */
  condition?: string;
  iamCondition?: Record<string, Record<string, unknown>>;
  sid: string;
}

function roleStatements(): Grant[] {
  const roles = Object.values(template.Resources).filter((r) => r.Type === 'AWS::IAM::Role');
  expect(roles).toHaveLength(1);
  const policies = roles[0]!.Properties.Policies as { PolicyDocument: { Statement: unknown[] } }[];
  return policies.flatMap((policy) =>
    policy.PolicyDocument.Statement.map((entry) => {
      let statement = entry as Record<string, unknown>;
      let condition: string | undefined;
      if ('Fn::If' in statement) {
        const [name, then, otherwise] = statement['Fn::If'] as [string, unknown, unknown];
        expect(otherwise).toEqual({ Ref: 'AWS::NoValue' });
        condition = name;
        statement = then as Record<string, unknown>;
      }
      expect(statement.Effect).toBe('Allow');
      expect(statement).not.toHaveProperty('NotAction');
      expect(statement).not.toHaveProperty('NotResource');
      return {
        actions: [statement.Action].flat() as string[],
        resources: [statement.Resource].flat(),
        condition,
        iamCondition: statement.Condition as Grant['iamCondition'],
        sid: statement.Sid as string,
      };
    }),
  );
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(full);
    return entry.name.endsWith('.ts') ? [full] : [];
  });
}

/** `new PutLogEventsCommand(` in a file importing it from client-cloudwatch-logs: logs:PutLogEvents. */
function actionsCalledBySource(): string[] {
  const actions = new Set<string>();
  for (const file of sourceFiles(path.join(ROOT, 'src'))) {
    const text = readFileSync(file, 'utf8');
    const packageOf = new Map<string, string>();
    for (const match of text.matchAll(/import\s+(?:type\s+)?\{([^}]*)\}\s+from\s+'([^']+)'/g)) {
      for (const name of match[1]!.split(',')) {
        const local = name
          .trim()
          .split(/\s+as\s+/)
          .pop()!;
        if (local) packageOf.set(local, match[2]!);
      }
    }
    for (const match of text.matchAll(/new\s+(\w+)Command\s*\(/g)) {
      const command = `${match[1]}Command`;
      const pkg = packageOf.get(command);
      const where = `${path.relative(ROOT, file)}: new ${command}(`;
      if (pkg === undefined) throw new Error(`${where} is not imported from an AWS SDK client`);
      const prefix = IAM_PREFIX[pkg];
      if (prefix === undefined) throw new Error(`${where}: add the IAM prefix of ${pkg} here`);
      actions.add(`${prefix}:${match[1]}`);
    }
  }
  return [...actions].sort();
}

const grants = roleStatements();
const granted = [...new Set(grants.flatMap((grant) => grant.actions))].sort();
const called = actionsCalledBySource();

describe('deploy/cloudformation.yml', () => {
  it('finds the CloudWatch Logs calls of the source', () => {
    // A guard on the guard: if the scan found nothing, the checks below would prove nothing.
    expect(called).toEqual(expect.arrayContaining(['logs:PutLogEvents', 'logs:GetLogEvents']));
  });

  it('grants every AWS API action the source calls', () => {
    expect(called.filter((action) => !granted.includes(action))).toEqual([]);
  });

  it('grants no action the source does not call', () => {
    const ahead = GRANTED_AHEAD.filter((action) => !called.includes(action));
    expect(granted.filter((action) => !called.includes(action) && !ahead.includes(action))).toEqual(
      [],
    );
  });

  it('names every action in full: no wildcard', () => {
    expect(granted.filter((action) => /[*?]/.test(action))).toEqual([]);
    expect(granted.every((action) => /^[a-z0-9-]+:[A-Za-z]+$/.test(action))).toBe(true);
  });

  it('scopes every logs: action to the log group and its streams', () => {
    const group =
      'arn:${AWS::Partition}:logs:${AWS::Region}:${AWS::AccountId}:log-group:${LogGroupName}';
    for (const grant of grants.filter((g) => g.actions.some((a) => a.startsWith('logs:')))) {
      expect(grant.actions.every((action) => action.startsWith('logs:'))).toBe(true);
      expect(grant.resources).toEqual([{ 'Fn::Sub': group }, { 'Fn::Sub': `${group}:*` }]);
    }
  });

  it('grants the log-group actions only when the action creates the group', () => {
    for (const grant of grants.filter((g) => g.actions.some((a) => GROUP_ACTIONS.includes(a)))) {
      expect(grant.condition).toBe('ActionCreatesGroup');
      expect(template.Conditions.ActionCreatesGroup).toEqual({
        'Fn::Equals': [{ Ref: 'ActionCreatesLogGroup' }, 'true'],
      });
    }
    // ...and then the stack leaves the group to the action.
    const groups = Object.values(template.Resources).filter(
      (r) => r.Type === 'AWS::Logs::LogGroup',
    );
    expect(groups.map((g) => g.Condition)).toEqual(['StackCreatesLogGroup']);
    expect(groups[0]!.Properties.RetentionInDays).toEqual({ Ref: 'RetentionInDays' });
  });

  it('grants PutMetricData only with a namespace, and only to that namespace', () => {
    const metrics = grants.filter((g) => g.actions.includes('cloudwatch:PutMetricData'));
    expect(metrics).toHaveLength(1);
    expect(metrics[0]!.actions).toEqual(['cloudwatch:PutMetricData']);
    expect(metrics[0]!.condition).toBe('HasMetrics');
    expect(metrics[0]!.iamCondition).toEqual({
      StringEquals: { 'cloudwatch:namespace': { Ref: 'MetricsNamespace' } },
    });
    expect(template.Parameters.MetricsNamespace!.Default).toBe('');
  });

  it('lets only one repository and one branch or environment assume the role, through OIDC', () => {
    const role = Object.values(template.Resources).find((r) => r.Type === 'AWS::IAM::Role')!;
    const trustPolicy = role.Properties.AssumeRolePolicyDocument as {
      Statement: { Action: string; Condition: { StringEquals: Record<string, unknown> } }[];
    };
    const [trust] = trustPolicy.Statement;
    expect(trustPolicy.Statement).toHaveLength(1);
    expect(trust!.Action).toBe('sts:AssumeRoleWithWebIdentity');
    expect(trust!.Condition.StringEquals['token.actions.githubusercontent.com:aud']).toBe(
      'sts.amazonaws.com',
    );
    expect(trust!.Condition.StringEquals['token.actions.githubusercontent.com:sub']).toEqual({
      'Fn::If': [
        'TrustEnvironment',
        { 'Fn::Sub': 'repo:${GitHubRepository}:environment:${GitHubEnvironment}' },
        { 'Fn::Sub': 'repo:${GitHubRepository}:ref:refs/heads/${GitHubBranch}' },
      ],
    });
    expect(trust!.Condition).not.toHaveProperty('StringLike');
  });

  it('creates the OIDC provider only when asked, and outputs the role ARN', () => {
    const provider = template.Resources.GitHubOidcProvider!;
    expect(provider.Type).toBe('AWS::IAM::OIDCProvider');
    expect(provider.Condition).toBe('CreateProvider');
    expect(template.Parameters.CreateOidcProvider!.Default).toBe('false');
    expect(template.Outputs.RoleArn!.Value).toEqual({ 'Fn::GetAtt': ['ExportRole', 'Arn'] });
  });

  it("matches the README's JSON policy for those who write their own", () => {
    const readme = readFileSync(path.join(ROOT, 'README.md'), 'utf8');
    const section = readme.slice(readme.indexOf('## AWS permissions'));
    const json = /```json\n([\s\S]*?)\n```/.exec(section)![1]!;
    const policy = JSON.parse(json) as { Statement: { Action: string[] }[] };
    const actions = policy.Statement.flatMap((s) => s.Action).sort();
    expect(actions).toEqual(called.filter((action) => action.startsWith('logs:')));
  });
});
