/**
 * The files berthd bind-mounts over a container's /etc: hosts (localhost,
 * the container's own name, `extra_hosts`), resolv.conf (the host's, or the
 * `dns` settings) and hostname.
 */
import type { ContainerRecord } from './record.js';

export function etcFiles(record: ContainerRecord, hostResolvConf: string): { hosts: string; resolvConf: string; hostname: string } {
  const hostname = record.Config.Hostname !== undefined && record.Config.Hostname !== '' ? record.Config.Hostname : record.Id.slice(0, 12);
  const hosts = ['127.0.0.1\tlocalhost', '::1\tlocalhost ip6-localhost ip6-loopback', `127.0.1.1\t${hostname}`];
  for (const entry of record.HostConfig.ExtraHosts ?? []) {
    // Docker accepts `name:ip` and `name=ip`; the address may be IPv6 (with colons).
    const at = entry.search(/[:=]/);
    if (at < 0) continue;
    const name = entry.slice(0, at);
    const address = entry.slice(at + 1).replace(/^\[(.*)\]$/, '$1');
    hosts.push(`${address === 'host-gateway' ? '127.0.0.1' : address}\t${name}`);
  }
  const dns = record.HostConfig.Dns ?? [];
  const search = record.HostConfig.DnsSearch ?? [];
  const options = record.HostConfig.DnsOptions ?? [];
  let resolvConf: string;
  if (dns.length === 0 && search.length === 0 && options.length === 0) {
    resolvConf = hostResolvConf;
  } else {
    const base = hostResolvConf.split('\n').filter((line) => !(dns.length > 0 && /^\s*nameserver\s/.test(line)) && !(search.length > 0 && /^\s*search\s/.test(line)) && !(options.length > 0 && /^\s*options\s/.test(line)));
    resolvConf = [...base.filter((line) => line.trim() !== ''), ...dns.map((server) => `nameserver ${server}`), ...(search.length > 0 ? [`search ${search.join(' ')}`] : []), ...(options.length > 0 ? [`options ${options.join(' ')}`] : [])].join('\n');
  }
  return { hosts: `${hosts.join('\n')}\n`, resolvConf: resolvConf.endsWith('\n') || resolvConf === '' ? resolvConf : `${resolvConf}\n`, hostname: `${hostname}\n` };
}
