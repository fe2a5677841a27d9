/**
 * Cross-file analysis over the protocol: CNI settings in one file, node user data in another
 * (read from disk by the workspace scan). Changing the CNI settings in the editor re-validates
 * the user data, with a `workspace/diagnostic/refresh` to tell the client.
 */
import { strict as assert } from 'node:assert';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { LspClient } from '../helpers/lspClient';

const daemonSet = (pd: boolean) => `apiVersion: apps/v1
kind: DaemonSet
metadata:
  name: aws-node
  namespace: kube-system
spec:
  template:
    spec:
      containers:
        - name: aws-node
          image: 602401143452.dkr.ecr.us-west-2.amazonaws.com/amazon-k8s-cni:v1.19.2
          env:
            - name: ENABLE_IPv4
              value: "true"
            - name: ENABLE_PREFIX_DELEGATION
              value: "${pd}"
            - name: WARM_PREFIX_TARGET
              value: "1"
`;

const userData = `#!/bin/bash
# vpc-cni-lint: instance-types=m5.large
/etc/eks/bootstrap.sh demo --use-max-pods false --kubelet-extra-args '--max-pods=110'
`;

describe('protocol: cross-file analysis', () => {
  it('checks user data on disk against the CNI settings open in the editor, and follows their edits', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'vpc-cni-lint-ws-'));
    writeFileSync(path.join(dir, 'aws-node.yaml'), daemonSet(true));
    writeFileSync(path.join(dir, 'user-data.sh'), userData);
    const root = pathToFileURL(dir).toString();
    const client = await LspClient.start({ rootUri: root });
    let refreshes = 0;
    let refreshed: () => void = () => undefined;
    const firstRefresh = new Promise<void>((resolve) => (refreshed = resolve));
    client.connection.onRequest('workspace/diagnostic/refresh', () => {
      refreshes++;
      refreshed();
      return null;
    });
    try {
      const cniUri = pathToFileURL(path.join(dir, 'aws-node.yaml')).toString();
      const udUri = pathToFileURL(path.join(dir, 'user-data.sh')).toString();
      await client.open(udUri, readFileSync(path.join(dir, 'user-data.sh'), 'utf8'), 'shellscript');
      // With prefix delegation on (from the DaemonSet on disk), 110 pods fit on an m5.large.
      const before = await client.pullDiagnostics(udUri);
      assert.deepEqual(
        before.filter((d) => d.code === 'max-pods-exceeds-ip-capacity'),
        [],
        JSON.stringify(before),
      );
      // Turn prefix delegation off in the editor: 110 is now above 3 x (10 - 1) + 2 = 29.
      await client.open(cniUri, daemonSet(true));
      await client.change(cniUri, daemonSet(false), 2);
      const after = await client.pullDiagnostics(udUri);
      const exceeds = after.find((d) => d.code === 'max-pods-exceeds-ip-capacity');
      assert.ok(exceeds, JSON.stringify(after));
      assert.match(exceeds.message as string, /29/);
      const related = exceeds.relatedInformation as Array<{ location: { uri: string } }> | undefined;
      assert.ok(
        related?.some((r) => r.location.uri === cniUri),
        `related information should point at the DaemonSet: ${JSON.stringify(exceeds)}`,
      );
      // The refresh for other documents comes once the edits settle.
      await Promise.race([firstRefresh, new Promise((r) => setTimeout(r, 5000))]);
      assert.ok(refreshes >= 1, 'the server asks the client to refresh diagnostics of other files');
    } finally {
      await client.stop();
    }
  });
});
