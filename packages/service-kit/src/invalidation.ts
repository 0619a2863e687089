import type { Redis } from 'ioredis';

export interface ChannelHandlers {
  /** A message on the channel. */
  message(raw: string): void;
  /**
   * The subscription is (re)established. Messages sent while it was down are lost, so a cache refreshes
   * or drops itself here.
   */
  ready?(): void | Promise<void>;
  /** The connection closed: until `ready` again, no message arrives. */
  down?(): void;
}

/**
 * One cache-invalidation channel on the service's shared subscriber connection (roles, revoked tokens, IP
 * rules): subscribes now if the connection is up and again on every reconnect, routes the channel's messages
 * to `message`, and returns the function that detaches the handlers.
 */
export function onChannel(subscriber: Redis, channel: string, handlers: ChannelHandlers): () => void {
  const onMessage = (ch: string, raw: string) => {
    if (ch === channel) handlers.message(raw);
  };
  const onReady = async () => {
    await subscriber.subscribe(channel);
    await handlers.ready?.();
  };
  const ready = () => void onReady().catch(() => handlers.down?.());
  const onClose = () => handlers.down?.();
  subscriber.on('message', onMessage);
  subscriber.on('ready', ready);
  subscriber.on('close', onClose);
  if (subscriber.status === 'ready') ready();
  return () => {
    subscriber.off('message', onMessage);
    subscriber.off('ready', ready);
    subscriber.off('close', onClose);
  };
}
