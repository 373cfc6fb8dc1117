/**
 * Docker's user resolution: `name`, `uid`, `uid:gid`, `name:group` (any
 * mix) looked up in the image's /etc/passwd and /etc/group, the way
 * runc's libcontainer/user (GetExecUser) does it. Pure: the file contents
 * come in as strings (absent files are `undefined`).
 */
import { BerthError } from '../../errors.js';

export interface PasswdEntry {
  readonly name: string;
  readonly uid: number;
  readonly gid: number;
  readonly home: string;
}

export interface GroupEntry {
  readonly name: string;
  readonly gid: number;
  readonly members: readonly string[];
}

export interface ResolvedUser {
  readonly uid: number;
  readonly gid: number;
  readonly additionalGids: readonly number[];
  readonly home: string;
}

const MAX_ID = 2 ** 31 - 1;

export function parsePasswd(text: string | undefined): PasswdEntry[] {
  const entries: PasswdEntry[] = [];
  for (const fields of colonLines(text)) {
    const [name = '', , uid = '', gid = '', , home = ''] = fields;
    const uidNumber = parseId(uid);
    const gidNumber = parseId(gid);
    if (name === '' || uidNumber === undefined || gidNumber === undefined) continue;
    entries.push({ name, uid: uidNumber, gid: gidNumber, home });
  }
  return entries;
}

export function parseGroup(text: string | undefined): GroupEntry[] {
  const entries: GroupEntry[] = [];
  for (const fields of colonLines(text)) {
    const [name = '', , gid = '', members = ''] = fields;
    const gidNumber = parseId(gid);
    if (name === '' || gidNumber === undefined) continue;
    entries.push({ name, gid: gidNumber, members: members.split(',').map((member) => member.trim()).filter((member) => member !== '') });
  }
  return entries;
}

/**
 * `userSpec` is Docker's `User` (empty means root). `groupAdd` is
 * HostConfig.GroupAdd: group names (must exist) or numeric gids.
 */
export function resolveUser(userSpec: string, passwdText: string | undefined, groupText: string | undefined, groupAdd: readonly string[] = []): ResolvedUser {
  const passwd = parsePasswd(passwdText);
  const groups = parseGroup(groupText);
  const [userPart = '', groupPart, ...rest] = userSpec.split(':');
  if (rest.length > 0) throw invalid(`User "${userSpec}" has more than one ":"; use name, uid, name:group or uid:gid`);

  let uid = 0;
  let gid = 0;
  let home = '/';
  let userName: string | undefined;
  if (userPart !== '') {
    const numericUid = parseId(userPart);
    const entry = passwd.find((candidate) => candidate.name === userPart || (numericUid !== undefined && candidate.uid === numericUid));
    if (entry !== undefined) {
      ({ uid, gid, home } = entry);
      userName = entry.name;
    } else if (numericUid !== undefined) {
      uid = numericUid;
    } else {
      throw invalid(`User "${userSpec}": unable to find user ${userPart}: no matching entries in the image's /etc/passwd`);
    }
  } else {
    const root = passwd.find((candidate) => candidate.uid === 0);
    if (root !== undefined) {
      home = root.home;
      userName = root.name;
    }
  }

  let additionalGids: number[] = [];
  if (groupPart !== undefined && groupPart !== '') {
    gid = lookupGroup(groupPart, groups, `User "${userSpec}"`);
  } else if (userName !== undefined) {
    // Supplementary groups come from /etc/group only in the implicit form (no explicit group), as in runc.
    const name = userName;
    additionalGids = groups.filter((group) => group.members.includes(name)).map((group) => group.gid);
  }
  for (const extra of groupAdd) additionalGids.push(lookupGroup(extra, groups, `GroupAdd "${extra}"`));
  return { uid, gid, additionalGids: [...new Set(additionalGids)], home };
}

function lookupGroup(spec: string, groups: readonly GroupEntry[], where: string): number {
  const numeric = parseId(spec);
  const entry = groups.find((group) => group.name === spec || (numeric !== undefined && group.gid === numeric));
  if (entry !== undefined) return entry.gid;
  if (numeric !== undefined) return numeric;
  throw invalid(`${where}: unable to find group ${spec}: no matching entries in the image's /etc/group`);
}

function* colonLines(text: string | undefined): Generator<string[]> {
  if (text === undefined) return;
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) continue;
    yield line.split(':');
  }
}

function parseId(text: string): number | undefined {
  if (!/^\d+$/.test(text)) return undefined;
  const value = Number(text);
  return value <= MAX_ID ? value : undefined;
}

function invalid(message: string): BerthError {
  return new BerthError('invalid_argument', message);
}
