import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { parse } from 'yaml';
import { applyDefaults } from './defaults.js';
import type { Dict } from '../tree.js';

function yamlDict(text: string): Dict {
  return parse(text) as Dict;
}

describe('applyDefaults', () => {
  const cases: { name: string; input: string; expected: string }[] = [
    {
      name: 'port protocol tcp and mode ingress',
      input: `
services:
  web:
    ports:
      - target: 80
      - target: 53
        protocol: udp
        mode: host
`,
      expected: `
services:
  web:
    ports:
      - target: 80
        protocol: tcp
        mode: ingress
      - target: 53
        protocol: udp
        mode: host
`,
    },
    {
      name: 'build context . when absent, dockerfile left to normalisation',
      input: `
services:
  app:
    build:
      dockerfile: Containerfile
  other:
    build:
      context: ./src
`,
      expected: `
services:
  app:
    build:
      context: .
      dockerfile: Containerfile
  other:
    build:
      context: ./src
`,
    },
    {
      name: 'secret target under /run/secrets; config targets untouched',
      input: `
services:
  app:
    secrets:
      - source: token
      - source: cert
        target: /etc/cert.pem
    configs:
      - source: nginx
`,
      expected: `
services:
  app:
    secrets:
      - source: token
        target: /run/secrets/token
      - source: cert
        target: /etc/cert.pem
    configs:
      - source: nginx
`,
    },
    {
      name: 'bind create_host_path true only where a bind block exists',
      input: `
services:
  app:
    volumes:
      - type: bind
        source: ./data
        target: /data
        bind:
          propagation: rshared
      - type: bind
        source: ./logs
        target: /logs
        bind:
          create_host_path: false
      - type: volume
        source: db
        target: /db
`,
      expected: `
services:
  app:
    volumes:
      - type: bind
        source: ./data
        target: /data
        bind:
          propagation: rshared
          create_host_path: true
      - type: bind
        source: ./logs
        target: /logs
        bind:
          create_host_path: false
      - type: volume
        source: db
        target: /db
`,
    },
    {
      name: 'device requests count all unless count or device_ids',
      input: `
services:
  ml:
    gpus:
      - driver: nvidia
      - count: 2
    deploy:
      resources:
        reservations:
          devices:
            - capabilities: [gpu]
            - capabilities: [gpu]
              device_ids: ["0"]
`,
      expected: `
services:
  ml:
    gpus:
      - driver: nvidia
        count: all
      - count: 2
    deploy:
      resources:
        reservations:
          devices:
            - capabilities: [gpu]
              count: all
            - capabilities: [gpu]
              device_ids: ["0"]
`,
    },
    {
      name: 'depends_on condition service_started and required true',
      input: `
services:
  app:
    depends_on:
      db: {}
      cache:
        condition: service_healthy
        required: false
`,
      expected: `
services:
  app:
    depends_on:
      db:
        condition: service_started
        required: true
      cache:
        condition: service_healthy
        required: false
`,
    },
    {
      name: 'env_file required true when absent',
      input: `
services:
  app:
    env_file:
      - path: a.env
      - path: b.env
        required: false
`,
      expected: `
services:
  app:
    env_file:
      - path: a.env
        required: true
      - path: b.env
        required: false
`,
    },
    {
      name: 'nothing else: no restart, no pull_policy, no network, no build dockerfile',
      input: `
services:
  app:
    image: nginx
    healthcheck:
      test: ["CMD", "true"]
    deploy:
      resources:
        limits:
          devices:
            - capabilities: [gpu]
`,
      expected: `
services:
  app:
    image: nginx
    healthcheck:
      test: ["CMD", "true"]
    deploy:
      resources:
        limits:
          devices:
            - capabilities: [gpu]
`,
    },
  ];

  for (const { name, input, expected } of cases) {
    test(name, () => {
      assert.deepEqual(applyDefaults(yamlDict(input)), yamlDict(expected));
    });
  }

  test('does not mutate its input', () => {
    const input = yamlDict(`
services:
  web:
    ports:
      - target: 80
`);
    const snapshot = structuredClone(input);
    applyDefaults(input);
    assert.deepEqual(input, snapshot);
  });
});
