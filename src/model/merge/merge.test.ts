/**
 * One `describe` per row of the merge table (the default merge is in
 * `merge-defaults.test.ts`).
 * Expectations follow Docker Compose (compose-go's override tests), written
 * here in the canonical long forms berth merges.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { parse } from 'yaml';
import type { Dict } from '../tree.js';
import { mergeModels, mergeRules } from './index.js';

const testedPatterns = new Set<string>();

/** A `describe` for one row of the merge table. */
function rule(pattern: string, body: () => void): void {
  testedPatterns.add(pattern);
  describe(pattern, body);
}

function yamlDict(text: string): Dict {
  const value: unknown = parse(text);
  return (value ?? {}) as Dict;
}

function service(text: string): Dict {
  return { services: { test: yamlDict(text) } };
}

/** Merges two definitions of service `test` and checks the result. */
function expectService(base: string, override: string, expected: string): void {
  assert.deepEqual(mergeModels(service(base), service(override)), service(expected));
}

function expectModel(base: string, override: string, expected: string): void {
  assert.deepEqual(mergeModels(yamlDict(base), yamlDict(override)), yamlDict(expected));
}

describe('replaced attributes', () => {
  for (const pattern of ['services.*.command', 'services.*.entrypoint']) {
    const key = pattern.split('.')[2] ?? '';
    rule(pattern, () => {
      test('the later list replaces the earlier one', () => {
        expectService(`${key}: [echo, foo]`, `${key}: [echo, bar]`, `${key}: [echo, bar]`);
      });
      test('a later null goes back to the image default', () => {
        expectService(`${key}: [echo, foo]`, `${key}: null`, `${key}: null`);
      });
      test('a later empty list empties it', () => {
        expectService(`${key}: [echo, foo]`, `${key}: []`, `${key}: []`);
      });
    });
  }

  rule('services.*.healthcheck.test', () => {
    test('test is replaced while the other healthcheck keys merge', () => {
      expectService(
        'healthcheck: {test: [CMD, curl, -f, localhost], interval: 10s, retries: 3}',
        'healthcheck: {test: [CMD-SHELL, exit 0], interval: 5s}',
        'healthcheck: {test: [CMD-SHELL, exit 0], interval: 5s, retries: 3}',
      );
    });
    test('a later null test clears it', () => {
      expectService('healthcheck: {test: [CMD, true], retries: 3}', 'healthcheck: {test: null}', 'healthcheck: {test: null, retries: 3}');
    });
  });

  rule('services.*.ulimits.*', () => {
    test('each limit is replaced whole; limits only one file sets are kept', () => {
      expectService(
        `
ulimits:
  nofile: {soft: 20000, hard: 40000}
  nproc: 65535
  locks: {soft: 20000, hard: 40000}
  core: 0`,
        `
ulimits:
  nofile: {soft: 10000, hard: 40000}
  nproc: {soft: 65535}
  locks: {hard: 65535}`,
        `
ulimits:
  nofile: {soft: 10000, hard: 40000}
  nproc: {soft: 65535}
  locks: {hard: 65535}
  core: 0`,
      );
    });
    test('a single value replaces soft and hard', () => {
      expectService('ulimits: {nofile: {soft: 1, hard: 2}}', 'ulimits: {nofile: 5}', 'ulimits: {nofile: 5}');
    });
  });
});

describe('KEY=value maps', () => {
  /** Where each map-valued attribute sits, as a model built from a flow-style value. */
  const placements: { pattern: string; unique: boolean; at: (value: string) => Dict }[] = [
    { pattern: 'services.*.environment', unique: true, at: (value) => service(`environment: ${value}`) },
    { pattern: 'services.*.labels', unique: true, at: (value) => service(`labels: ${value}`) },
    { pattern: 'services.*.annotations', unique: true, at: (value) => service(`annotations: ${value}`) },
    { pattern: 'services.*.sysctls', unique: true, at: (value) => service(`sysctls: ${value}`) },
    { pattern: 'services.*.deploy.labels', unique: true, at: (value) => service(`deploy: {labels: ${value}}`) },
    { pattern: 'services.*.build.args', unique: true, at: (value) => service(`build: {context: ., args: ${value}}`) },
    {
      pattern: 'services.*.build.additional_contexts',
      unique: true,
      at: (value) => service(`build: {context: ., additional_contexts: ${value}}`),
    },
    { pattern: 'services.*.build.labels', unique: true, at: (value) => service(`build: {context: ., labels: ${value}}`) },
    { pattern: 'networks.*.labels', unique: true, at: (value) => yamlDict(`networks: {front: {labels: ${value}}}`) },
    { pattern: 'volumes.*.labels', unique: false, at: (value) => yamlDict(`volumes: {data: {labels: ${value}}}`) },
  ];

  for (const { pattern, unique, at } of placements) {
    rule(pattern, () => {
      test('keys merge, the later value wins, null and empty included', () => {
        assert.deepEqual(
          mergeModels(at('{FOO: BAR, KEEP: kept, GONE: x, EMPTIED: x}'), at('{GONE: null, EMPTIED: "", QIX: ZOT}')),
          at('{FOO: BAR, KEEP: kept, GONE: null, EMPTIED: "", QIX: ZOT}'),
        );
      });
      test('numbers stay as written', () => {
        assert.deepEqual(mergeModels(at('{FOO: 1}'), at('{FOO: 3}')), at('{FOO: 3}'));
      });
      test('a later null attribute keeps the earlier map', () => {
        assert.deepEqual(mergeModels(at('{FOO: BAR}'), at('null')), at('{FOO: BAR}'));
      });
      test(
        unique ? 'list forms are appended, one item per key (last value, first place)' : 'list forms are appended as is',
        () => {
          assert.deepEqual(
            mergeModels(at('[FOO=BAR, X=1]'), at('{FOO: baz, NIL: null}')),
            unique ? at('[FOO=baz, X=1, NIL]') : at('[FOO=BAR, X=1, FOO=baz, NIL]'),
          );
        },
      );
    });
  }
});

describe('host → addresses', () => {
  const placements: { pattern: string; at: (value: string) => Dict }[] = [
    { pattern: 'services.*.extra_hosts', at: (value) => service(`extra_hosts: ${value}`) },
    { pattern: 'services.*.build.extra_hosts', at: (value) => service(`build: {context: ., extra_hosts: ${value}}`) },
  ];
  for (const { pattern, at } of placements) {
    rule(pattern, () => {
      test('addresses of one host are united, earlier ones first', () => {
        assert.deepEqual(
          mergeModels(
            at('{example.com: [1.2.3.4], other: ["::1"]}'),
            at('{localhost: [127.0.0.1], example.com: [1.2.3.4, 4.3.2.1]}'),
          ),
          at('{example.com: [1.2.3.4, 4.3.2.1], other: ["::1"], localhost: [127.0.0.1]}'),
        );
      });
      test('list forms keep the earlier entries and add the later ones not listed yet', () => {
        assert.deepEqual(
          mergeModels(at('[example.com=1.2.3.4]'), at('[localhost=127.0.0.1, example.com=1.2.3.4, example.com=4.3.2.1]')),
          at('[example.com=1.2.3.4, localhost=127.0.0.1, example.com=4.3.2.1]'),
        );
      });
    });
  }
});

describe('sequences that may be one string', () => {
  for (const key of ['dns', 'dns_opt', 'dns_search', 'tmpfs']) {
    rule(`services.*.${key}`, () => {
      test('the later items are appended once', () => {
        expectService(`${key}: [a, b, c]`, `${key}: [d, b]`, `${key}: [a, b, c, d]`);
      });
      test('a later single string is appended, not substituted', () => {
        expectService(`${key}: [a, c]`, `${key}: b`, `${key}: [a, c, b]`);
        expectService(`${key}: a`, `${key}: b`, `${key}: [a, b]`);
      });
    });
  }

  rule('services.*.env_file', () => {
    test('files are appended, one entry per path: the last one, at the first place', () => {
      expectService(
        'env_file: [{path: bar.env, required: true}, {path: foo.env, required: true}]',
        'env_file: [{path: foo.env, required: false}, {path: baz.env, required: true}]',
        'env_file: [{path: bar.env, required: true}, {path: foo.env, required: false}, {path: baz.env, required: true}]',
      );
    });
    test('short and long forms of one path are one file', () => {
      expectService('env_file: [bar.env, foo.env]', 'env_file: [{path: foo.env, required: true}]', 'env_file: [bar.env, {path: foo.env, required: true}]');
      expectService('env_file: foo.env', 'env_file: bar.env', 'env_file: [foo.env, bar.env]');
    });
  });

  rule('services.*.label_file', () => {
    test('files are appended, repeats kept', () => {
      expectService('label_file: [a.labels, b.labels]', 'label_file: [b.labels]', 'label_file: [a.labels, b.labels, b.labels]');
    });
    test('a single string is appended', () => {
      expectService('label_file: a.labels', 'label_file: b.labels', 'label_file: [a.labels, b.labels]');
    });
  });
});

describe('sequences of unique items', () => {
  rule('services.*.ports', () => {
    test('a port is identified by host_ip:published:target/protocol, mode aside', () => {
      expectService(
        `
ports:
  - {target: 80, published: "8080", protocol: tcp, mode: ingress}
  - {target: 81, published: "8081", protocol: tcp}
  - {target: 53, published: "53", protocol: udp}`,
        `
ports:
  - {target: 80, published: "8080", protocol: tcp, mode: host}
  - {target: 80, published: "8080", host_ip: 127.0.0.1, protocol: tcp}
  - {target: 53, published: "53", protocol: tcp}
  - {target: 81, published: "9081", protocol: tcp}`,
        `
ports:
  - {target: 80, published: "8080", protocol: tcp, mode: host}
  - {target: 81, published: "8081", protocol: tcp}
  - {target: 53, published: "53", protocol: udp}
  - {target: 80, published: "8080", host_ip: 127.0.0.1, protocol: tcp}
  - {target: 53, published: "53", protocol: tcp}
  - {target: 81, published: "9081", protocol: tcp}`,
      );
    });
    test('an unset host_ip is 0.0.0.0 and an unset protocol is tcp', () => {
      expectService(
        'ports: [{target: 80, published: "8080"}]',
        'ports: [{target: 80, published: "8080", host_ip: 0.0.0.0, protocol: tcp, name: web}]',
        'ports: [{target: 80, published: "8080", host_ip: 0.0.0.0, protocol: tcp, name: web}]',
      );
    });
    test('ports without a published port are one per target', () => {
      expectService('ports: [{target: 80, protocol: tcp}]', 'ports: [{target: 80, protocol: tcp, app_protocol: http}]', 'ports: [{target: 80, protocol: tcp, app_protocol: http}]');
    });
  });

  rule('services.*.volumes', () => {
    test('new targets are appended', () => {
      expectService(
        'volumes: [{type: volume, source: a, target: /a}, {type: bind, source: ./b, target: /b}]',
        'volumes: [{type: volume, source: c, target: /c}]',
        'volumes: [{type: volume, source: a, target: /a}, {type: bind, source: ./b, target: /b}, {type: volume, source: c, target: /c}]',
      );
    });
    test('a mount of the same target replaces the earlier one whole, at its place', () => {
      expectService(
        'volumes: [{type: volume, source: data, target: /data, read_only: true}, {type: tmpfs, target: /tmp}]',
        'volumes: [{type: bind, source: ./data, target: /data}]',
        'volumes: [{type: bind, source: ./data, target: /data}, {type: tmpfs, target: /tmp}]',
      );
    });
  });

  rule('services.*.devices', () => {
    test('a device is identified by its target', () => {
      expectService(
        `
devices:
  - {source: /dev/sda, target: /dev/sda, permissions: rwm}
  - {source: /dev/sdb, target: /dev/sdb, permissions: rwm}
  - {source: /dev/sdd, target: /dev/sdd, permissions: rwm}`,
        `
devices:
  - {source: /dev/nvme0n1p1, target: /dev/sda, permissions: rwm}
  - {source: /dev/nvme1n1p1, target: /dev/sdb, permissions: r}
  - {source: /dev/sde, target: /dev/sde, permissions: rwm}`,
        `
devices:
  - {source: /dev/nvme0n1p1, target: /dev/sda, permissions: rwm}
  - {source: /dev/nvme1n1p1, target: /dev/sdb, permissions: r}
  - {source: /dev/sdd, target: /dev/sdd, permissions: rwm}
  - {source: /dev/sde, target: /dev/sde, permissions: rwm}`,
      );
    });
  });

  rule('services.*.configs', () => {
    test('a config is identified by its target, /<source> when unset', () => {
      expectService(
        'configs: [{source: a}, {source: b, target: /etc/b}]',
        'configs: [{source: c, target: /a}, {source: b}]',
        'configs: [{source: c, target: /a}, {source: b, target: /etc/b}, {source: b}]',
      );
    });
  });

  rule('services.*.secrets', () => {
    test('a secret is identified by its target, /run/secrets/<source> when unset', () => {
      expectService(
        'secrets: [{source: foo}, {source: bar}, {source: zot}]',
        'secrets: [{source: zot, target: /run/secrets/foo}]',
        'secrets: [{source: zot, target: /run/secrets/foo}, {source: bar}, {source: zot}]',
      );
    });
  });

  rule('services.*.expose', () => {
    test('a port written as a number or a string is one port', () => {
      expectService('expose: ["80", 81, "3000-3005"]', 'expose: [80, "82"]', 'expose: [80, 81, "3000-3005", "82"]');
    });
  });

  const byValue: { pattern: string; at: (value: string) => Dict; base: string; override: string; expected: string }[] = [
    {
      pattern: 'services.*.cap_add',
      at: (value) => service(`cap_add: ${value}`),
      base: '[CAP_BPF, CAP_CHOWN]',
      override: '[CAP_KILL, CAP_CHOWN]',
      expected: '[CAP_BPF, CAP_CHOWN, CAP_KILL]',
    },
    {
      pattern: 'services.*.cap_drop',
      at: (value) => service(`cap_drop: ${value}`),
      base: '[NET_ADMIN, SYS_ADMIN]',
      override: '[NET_ADMIN, CAP_FOWNER]',
      expected: '[NET_ADMIN, SYS_ADMIN, CAP_FOWNER]',
    },
    {
      pattern: 'services.*.links',
      at: (value) => service(`links: ${value}`),
      base: '[service1, service2]',
      override: '[service2=alias1]',
      expected: '[service1, service2=alias1]',
    },
    {
      pattern: 'services.*.profiles',
      at: (value) => service(`profiles: ${value}`),
      base: '[profile1, profile2]',
      override: '[profile2, profile3]',
      expected: '[profile1, profile2, profile3]',
    },
    {
      pattern: 'services.*.build.tags',
      at: (value) => service(`build: {context: ., tags: ${value}}`),
      base: '["myimage:mytag"]',
      override: '["myimage:mytag", "registry/username/myrepos:my-other-tag"]',
      expected: '["myimage:mytag", "registry/username/myrepos:my-other-tag"]',
    },
    {
      pattern: 'services.*.build.platforms',
      at: (value) => service(`build: {context: ., platforms: ${value}}`),
      base: '[linux/amd64]',
      override: '[linux/arm64, linux/amd64, unsupported/unsupported]',
      expected: '[linux/amd64, linux/arm64, unsupported/unsupported]',
    },
    {
      pattern: 'services.*.networks.*.aliases',
      at: (value) => service(`networks: {network1: {aliases: ${value}}}`),
      base: '[alias1, alias2]',
      override: '[alias3, alias1]',
      expected: '[alias1, alias2, alias3]',
    },
    {
      pattern: 'services.*.networks.*.link_local_ips',
      at: (value) => service(`networks: {network1: {link_local_ips: ${value}}}`),
      base: '[57.123.22.11, 57.123.22.13]',
      override: '[57.123.22.12, 57.123.22.13]',
      expected: '[57.123.22.11, 57.123.22.13, 57.123.22.12]',
    },
  ];
  for (const { pattern, at, base, override, expected } of byValue) {
    rule(pattern, () => {
      test('items are appended once each', () => {
        assert.deepEqual(mergeModels(at(base), at(override)), at(expected));
      });
    });
  }
});

describe('named entries', () => {
  rule('services.*.networks', () => {
    test('list forms become entries without settings', () => {
      expectService('networks: [front-network, back-network]', 'networks: [front-network]', 'networks: {front-network: null, back-network: null}');
    });
    test('entries merge one by one; listed names keep their settings', () => {
      expectService(
        'networks: [front-network, network1]',
        'networks: {network1: {aliases: [alias1], priority: 10}, network2: {aliases: [alias3]}}',
        'networks: {front-network: null, network1: {aliases: [alias1], priority: 10}, network2: {aliases: [alias3]}}',
      );
      expectService(
        'networks: {network1: {aliases: [a], ipv4_address: 10.0.0.2}}',
        'networks: [network1, network2]',
        'networks: {network1: {aliases: [a], ipv4_address: 10.0.0.2}, network2: null}',
      );
    });
  });

  rule('services.*.models', () => {
    test('list and mapping forms merge entry by entry', () => {
      expectService(
        'models: [llm, embedding-model]',
        'models: {vision-model: {endpoint_var: VISION_URL}, llm: {model_var: LLM}}',
        'models: {llm: {model_var: LLM}, embedding-model: null, vision-model: {endpoint_var: VISION_URL}}',
      );
      expectService(
        'models: {llm: {endpoint_var: OLD_URL, model_var: OLD_NAME}}',
        'models: {llm: {endpoint_var: NEW_URL}}',
        'models: {llm: {endpoint_var: NEW_URL, model_var: OLD_NAME}}',
      );
    });
  });

  rule('services.*.depends_on', () => {
    test('a listed name means condition service_started, required true', () => {
      expectService(
        'depends_on: [foo]',
        'depends_on: {foo: {required: false}, bar: {condition: service_healthy}}',
        'depends_on: {foo: {condition: service_started, required: false}, bar: {condition: service_healthy}}',
      );
    });
    test('a partial later entry keeps the earlier condition', () => {
      expectService(
        'depends_on: {foo: {condition: service_healthy, restart: true}}',
        'depends_on: {foo: {required: false}}',
        'depends_on: {foo: {condition: service_healthy, restart: true, required: false}}',
      );
    });
    test('a later list resets the condition of the names it lists', () => {
      expectService(
        'depends_on: {foo: {condition: service_healthy, required: true}}',
        'depends_on: [foo]',
        'depends_on: {foo: {condition: service_started, required: true}}',
      );
    });
  });
});

describe('attributes with their own rule', () => {
  rule('services.*.build', () => {
    test('a path is a context; the later context wins and other keys merge', () => {
      expectService('build: .', 'build: {context: src, dockerfile: Dockerfile.dev}', 'build: {context: src, dockerfile: Dockerfile.dev}');
      expectService('build: {context: ., target: dev, args: {A: "1"}}', 'build: src', 'build: {context: src, target: dev, args: {A: "1"}}');
    });
    test('an earlier null build takes the later one, a string becoming a context', () => {
      expectService('build: null', 'build: src', 'build: {context: src}');
    });
  });

  rule('services.*.logging', () => {
    test('the same driver merges options', () => {
      expectService(
        'logging: {driver: syslog, options: {syslog-address: "tcp://192.168.0.42:123", tag: web}}',
        'logging: {driver: syslog, options: {syslog-address: "tcp://127.0.0.1:123"}}',
        'logging: {driver: syslog, options: {syslog-address: "tcp://127.0.0.1:123", tag: web}}',
      );
    });
    test('another driver replaces the whole block', () => {
      expectService(
        'logging: {driver: local, options: {max-size: 10m}}',
        'logging: {driver: syslog, options: {syslog-address: "tcp://127.0.0.1:123"}}',
        'logging: {driver: syslog, options: {syslog-address: "tcp://127.0.0.1:123"}}',
      );
    });
    test('a block without a driver merges with any driver', () => {
      expectService('logging: {options: {max-size: 10m}}', 'logging: {options: {max-file: 3}}', 'logging: {options: {max-size: 10m, max-file: 3}}');
      expectService('logging: {driver: local, options: {max-size: 10m}}', 'logging: {options: {max-file: 3}}', 'logging: {driver: local, options: {max-size: 10m, max-file: 3}}');
    });
  });

  rule('networks.*.ipam.config', () => {
    test('pools merge by subnet and new subnets are appended', () => {
      expectModel(
        `
networks:
  network1:
    ipam:
      config:
        - subnet: 172.28.0.0/16
          ip_range: 172.28.5.0/24
          gateway: 172.28.5.254
          aux_addresses: {host1: 172.28.1.5, host2: 172.28.1.6, host3: 172.28.1.7}
      options: {foo: bar, baz: "0"}
    labels: {com.example.description: Financial transaction network, com.example.department: Finance}`,
        `
networks:
  network1:
    ipam:
      config:
        - subnet: 172.28.0.0/16
          ip_range: 172.28.5.1/24
          gateway: 172.28.5.254
          aux_addresses: {host1: 172.28.1.5, host2: 172.28.1.4, host4: 172.28.1.10}
        - subnet: 172.29.0.0/16
          gateway: 172.29.0.254
      options: {bar: foo, baz: "0"}
    labels: {com.example.department-new: New, com.example.department: Accounting}
  network2:`,
        `
networks:
  network1:
    ipam:
      config:
        - subnet: 172.28.0.0/16
          ip_range: 172.28.5.1/24
          gateway: 172.28.5.254
          aux_addresses: {host1: 172.28.1.5, host2: 172.28.1.4, host3: 172.28.1.7, host4: 172.28.1.10}
        - subnet: 172.29.0.0/16
          gateway: 172.29.0.254
      options: {foo: bar, bar: foo, baz: "0"}
    labels:
      com.example.description: Financial transaction network
      com.example.department: Accounting
      com.example.department-new: New
  network2:`,
      );
    });
    test('earlier pools the later file does not name are kept', () => {
      expectModel(
        'networks: {n: {ipam: {config: [{subnet: 10.1.0.0/16}, {subnet: 10.2.0.0/16, gateway: 10.2.0.1}]}}}',
        'networks: {n: {ipam: {config: [{subnet: 10.2.0.0/16, gateway: 10.2.0.254}]}}}',
        'networks: {n: {ipam: {config: [{subnet: 10.1.0.0/16}, {subnet: 10.2.0.0/16, gateway: 10.2.0.254}]}}}',
      );
    });
  });
});

test('every row of the merge table has a describe above', () => {
  const patterns = mergeRules.map((row) => row.pattern);
  assert.deepEqual([...testedPatterns].sort(), [...patterns].sort());
  assert.equal(new Set(patterns).size, patterns.length, 'a pattern appears twice in the table');
});
