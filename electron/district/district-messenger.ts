import { networkInterfaces } from 'node:os';
import type { Infno, RequestEnvelope, ResponseEnvelope } from '../../shared/district/protocol';
import { INFNO, platformTime } from '../../shared/district/protocol';
import { DistrictLink, type Exchange } from './district-link';
import type { DistrictConnection } from './district-settings';
import type { UploadStore } from './upload-store';

/** What came of a transaction: the centre's output, its refusal, or no usable answer. */
export type Reply<O> =
  | { kind: 'ok'; output: O }
  | { kind: 'refused'; response: ResponseEnvelope }
  | { kind: 'unknown'; error: string };

/**
 * Envelopes, msgids, sign-in and the attempt log around the link. Every message's msgid is written before
 * it goes out and every outcome after; a refused sign_no is renewed once and the message sent again (the
 * centre did nothing with it).
 */
export class DistrictMessenger {
  private signNo: string | null = null;
  private readonly link: DistrictLink;

  constructor(
    private readonly connection: DistrictConnection,
    private readonly store: UploadStore,
    private readonly now: () => Date,
    timeoutMs?: number,
  ) {
    this.link = new DistrictLink({
      baseUrl: connection.baseUrl,
      fixmedinsCode: connection.fixmedinsCode,
      key: connection.key,
      ...(connection.caPem ? { caPem: connection.caPem } : {}),
      ...(timeoutMs ? { timeoutMs } : {}),
    });
  }

  close(): void {
    this.link.close();
  }

  /** A transaction under a fresh msgid. */
  async call<O>(infno: Infno, input: unknown, opter = 'system'): Promise<Reply<O>> {
    return this.withSignIn(() => ({ message: this.store.newMessage(this.connection.fixmedinsCode, infno, this.now()), infno, input, opter }));
  }

  /** A message whose msgid was written earlier (a batch), sent (again) under that msgid. */
  async resend<O>(message: { id: number; msgid: string }, infno: Infno, input: unknown): Promise<Reply<O>> {
    return this.withSignIn(() => ({ message, infno, input, opter: 'system' }));
  }

  private async withSignIn<O>(next: () => { message: { id: number; msgid: string }; infno: Infno; input: unknown; opter: string }): Promise<Reply<O>> {
    if (!this.signNo) {
      const signed = await this.signIn();
      if (signed.kind !== 'ok') return signed;
    }
    let reply = await this.exchange<O>(next());
    if (reply.kind === 'refused' && reply.response.err_code === 'SIGN_NO') {
      this.signNo = null;
      const signed = await this.signIn();
      if (signed.kind !== 'ok') return signed;
      reply = await this.exchange<O>(next());
    }
    return reply;
  }

  private async signIn(): Promise<Reply<never>> {
    const message = this.store.newMessage(this.connection.fixmedinsCode, INFNO.signIn, this.now());
    const reply = await this.exchange<{ signinoutb: { sign_no: string } }>({
      message,
      infno: INFNO.signIn,
      input: { signIn: { opter_no: 'system', ...hostAddress() } },
      opter: 'system',
    });
    if (reply.kind === 'refused') return { kind: 'refused', response: { ...reply.response, err_msg: `签到失败：${reply.response.err_msg}` } };
    if (reply.kind !== 'ok') return reply;
    const signNo = reply.output?.signinoutb?.sign_no;
    if (typeof signNo !== 'string' || signNo === '') return { kind: 'unknown', error: '中心签到应答缺少 sign_no' };
    this.signNo = signNo;
    return { kind: 'ok', output: undefined as never };
  }

  private async exchange<O>(m: { message: { id: number; msgid: string }; infno: Infno; input: unknown; opter: string }): Promise<Reply<O>> {
    const c = this.connection;
    const envelope: RequestEnvelope = {
      infno: m.infno,
      msgid: m.message.msgid,
      mdtrtarea_admvs: c.admdvs,
      recer_sys_code: 'COUNTER',
      infver: 'V1.0',
      opter_type: '1',
      opter: m.opter,
      opter_name: m.opter === 'system' ? '自动上传' : m.opter,
      inf_time: platformTime(this.now()),
      fixmedins_code: c.fixmedinsCode,
      fixmedins_name: c.fixmedinsName,
      ...(m.infno === INFNO.signIn || !this.signNo ? {} : { sign_no: this.signNo }),
      input: m.input,
    };
    const exchange: Exchange = await this.link.send(envelope);
    if (exchange.outcome === 'unknown') {
      this.store.recordAttempt(m.message.id, 'unknown', exchange.error, this.now());
      return { kind: 'unknown', error: exchange.error };
    }
    const { response } = exchange;
    if (response.inf_refmsgid !== m.message.msgid) {
      const error = `中心应答对应的报文号不符（${response.inf_refmsgid}）`;
      this.store.recordAttempt(m.message.id, 'unknown', error, this.now());
      return { kind: 'unknown', error };
    }
    if (response.infcode !== 0) {
      this.store.recordAttempt(m.message.id, 'refused', `${response.err_code ?? ''} ${response.err_msg}`.trim(), this.now());
      return { kind: 'refused', response };
    }
    this.store.recordAttempt(m.message.id, 'ok', null, this.now());
    return { kind: 'ok', output: response.output as O };
  }
}

/** The counter's MAC and IP as sign-in reports them (the first external IPv4 interface). */
function hostAddress(): { mac: string; ip: string } {
  for (const addresses of Object.values(networkInterfaces())) {
    const found = addresses?.find((a) => a.family === 'IPv4' && !a.internal);
    if (found) return { mac: found.mac, ip: found.address };
  }
  return { mac: '00:00:00:00:00:00', ip: '127.0.0.1' };
}
