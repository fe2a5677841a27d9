/** CloudFormation parameters: `!Ref` / `Ref` to an instance type parameter (issue 15, item 6). */
import { strict as assert } from 'node:assert';
import { parseDocument } from '../../server/src/syntax';

const template = (param: string, use: string) =>
  [
    'AWSTemplateFormatVersion: "2010-09-09"',
    'Parameters:',
    '  NodeType:',
    '    Type: String',
    ...param.split('\n').filter(Boolean),
    'Resources:',
    '  LT:',
    '    Type: AWS::EC2::LaunchTemplate',
    '    Properties:',
    '      LaunchTemplateData:',
    `        InstanceType: ${use}`,
    '',
  ].join('\n');

function read(text: string) {
  const node = parseDocument(text, { uri: 'file:///stack.yaml' }).nodes[0];
  assert.ok(node);
  return {
    types: node.instanceTypes.map((t) => [t.value, text.slice(t.span.start, t.span.end)]),
    unknown: node.unknown?.map((u) => u.reason),
  };
}

describe('syntax: CloudFormation parameters', () => {
  it('!Ref resolves to the Default, located at the Default', () => {
    assert.deepEqual(read(template('    Default: m5.large', '!Ref NodeType')), {
      types: [['m5.large', 'm5.large']],
      unknown: undefined,
    });
  });
  it('Ref resolves to AllowedValues, the types the stack may be created with', () => {
    const r = read(
      template('    Default: c5.large\n    AllowedValues: [c5.large, c5.xlarge]', '{Ref: NodeType}'),
    );
    assert.deepEqual(r.types, [
      ['c5.large', 'c5.large'],
      ['c5.xlarge', 'c5.xlarge'],
    ]);
  });
  it('a parameter without a Default is unknown, not a type named after the parameter', () => {
    assert.deepEqual(read(template('', '!Ref NodeType')), {
      types: [],
      unknown: ['parameter NodeType with no Default or AllowedValues'],
    });
  });
  it('other intrinsics and pseudo parameters are unknown', () => {
    assert.deepEqual(read(template('', '!If [IsProd, m5.large, t3.small]')).types, []);
    assert.deepEqual(read(template('', '!Ref AWS::NoValue')).unknown, [
      'AWS::NoValue, which is not a parameter of this template',
    ]);
  });
});
