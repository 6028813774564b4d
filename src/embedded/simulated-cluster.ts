import { randomBytes } from 'node:crypto';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { startArgoCdServer } from '../testing/argocd-server';
import { startFeishuDouble } from '../testing/feishu-server';
import { startSonarQubeDouble, writeFakeScanner } from '../testing/sonarqube-server';

export interface SimulatedCluster {
  /** The GANTRY_* variables that point Gantry at the doubles, secrets included. */
  env: Record<string, string>;
  urls: { argocd: string; sonarqube: string; feishu: string };
  close(): Promise<void>;
}

const secret = (prefix: string): string => `${prefix}-${randomBytes(12).toString('hex')}`;

/**
 * `GANTRY_SIMULATE=1`: the Argo CD, SonarQube and Feishu doubles of the tests as a "simulated cluster" for demos,
 * on free ports of 127.0.0.1. Every app syncs healthy, every analysis passes, and the chat is printed through `log`
 * (and served as JSON at `<feishu>/cards`). `apiUrl` is Gantry's, where simulated card clicks are delivered.
 */
export async function startSimulatedCluster(opts: {
  dataDir: string;
  apiUrl: string;
  log: (line: string) => void;
}): Promise<SimulatedCluster> {
  const argoToken = secret('argo');
  const sonarToken = secret('squ');
  const feishu = {
    appId: 'cli_gantry_sim',
    appSecret: secret('app'),
    verificationToken: secret('v'),
    encryptKey: secret('e'),
  };
  const scannerDir = join(opts.dataDir, 'simulated');
  await mkdir(scannerDir, { recursive: true });
  const [argo, sonar, chat] = await Promise.all([
    startArgoCdServer({ token: argoToken, autoRegister: 'healthy' }),
    startSonarQubeDouble({ token: sonarToken, defaultScript: 'pass' }),
    startFeishuDouble({
      appId: feishu.appId,
      appSecret: feishu.appSecret,
      log: opts.log,
      callback: {
        url: `${opts.apiUrl.replace(/\/$/, '')}/hooks/feishu/card`,
        verificationToken: feishu.verificationToken,
        encryptKey: feishu.encryptKey,
      },
    }),
  ]);
  const env: Record<string, string> = {
    GANTRY_DEPLOY_TARGET: 'argocd',
    GANTRY_ARGOCD_URL: argo.url,
    GANTRY_ARGOCD_TOKEN: argoToken,
    GANTRY_ARGOCD_POLL: '500ms',
    GANTRY_QUALITY_GATE: 'sonarqube',
    GANTRY_SONAR_URL: sonar.url,
    GANTRY_SONAR_TOKEN: sonarToken,
    GANTRY_SONAR_POLL: '500ms',
    GANTRY_SONAR_SCANNER: await writeFakeScanner(scannerDir),
    GANTRY_NOTIFIER: 'feishu',
    GANTRY_FEISHU_BASE_URL: chat.url,
    GANTRY_FEISHU_APP_ID: feishu.appId,
    GANTRY_FEISHU_APP_SECRET: feishu.appSecret,
    GANTRY_FEISHU_CHAT_ID: 'oc_gantry_sim',
    GANTRY_FEISHU_VERIFICATION_TOKEN: feishu.verificationToken,
    GANTRY_FEISHU_ENCRYPT_KEY: feishu.encryptKey,
  };
  return {
    env,
    urls: { argocd: argo.url, sonarqube: sonar.url, feishu: chat.url },
    close: async () => {
      await Promise.all([argo.close(), sonar.close(), chat.close()]);
    },
  };
}
