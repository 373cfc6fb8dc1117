/**
 * berthd assembled: the stores, the runtime, the services and the routes,
 * behind the socket. `startDaemon` reconciles what is on disk with what
 * runs on the host before it answers its first request.
 */
import type { Server } from 'node:http';
import { containerRoutes } from './api/containers.js';
import { execRoutes } from './api/exec.js';
import { imageRoutes } from './api/images.js';
import { systemRoutes } from './api/system.js';
import { volumeRoutes } from './api/volumes.js';
import { loadEngineConfig } from './config.js';
import { ContainerService } from './containers/service.js';
import { EventBus } from './events/bus.js';
import { Router } from './http/router.js';
import { ImageStore } from './images/index.js';
import { cgroupParent, type DaemonPaths } from './paths.js';
import { openRuntime } from './runtime-port.js';
import { listen } from './server.js';
import { VolumeService } from './volumes/service.js';

export interface RunningDaemon {
  readonly socket: string;
  readonly routes: readonly string[];
  /** Stops answering and stops supervising; containers keep running under conmon. */
  close(): Promise<void>;
}

export async function startDaemon(paths: DaemonPaths, version: string): Promise<RunningDaemon> {
  const config = await loadEngineConfig(paths.config);
  const events = new EventBus();
  const images = await ImageStore.open({
    root: paths.root,
    insecureRegistries: [...config.insecureRegistries],
    registryMirrors: [...config.registryMirrors],
  });
  const runtime = await openRuntime({ runRoot: paths.run, logSizeMax: config.logSizeMax, runtimePath: config.runtime, cgroupParent: cgroupParent(paths.root) });
  const volumes = await VolumeService.open(paths.root, events);
  const containers = await ContainerService.open(paths.root, images, runtime.port, volumes, events);

  const router = new Router();
  systemRoutes(router, { version, root: paths.root, cgroupVersion: runtime.cgroupVersion, runtime: runtime.path, imageCount: () => images.list().length }, containers, events);
  imageRoutes(router, images, containers, events);
  containerRoutes(router, containers, runtime.port);
  execRoutes(router, containers, runtime.port, events);
  volumeRoutes(router, volumes, containers);

  let server: Server;
  try {
    server = await listen(router, paths.socket);
  } catch (error) {
    await containers.close();
    await images.close();
    throw error;
  }
  return {
    socket: paths.socket,
    routes: router.templates,
    async close() {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      await containers.close();
      await runtime.close();
      await images.close();
    },
  };
}
