<?php

declare(strict_types=1);

namespace Hello;

/**
 * The request handler, separate from the router so tests call it directly.
 * A file named FAIL_HEALTH at the project root makes /healthz fail: committing it builds a deliberately broken
 * version.
 */
final class App
{
    public function __construct(private Settings $settings, private string $failHealthFile)
    {
    }

    /** @return array{int, string, string} status, content type, body */
    public function handle(string $method, string $path): array
    {
        if ($method !== 'GET') {
            return [405, 'text/plain', "method not allowed\n"];
        }
        if ($path === '/healthz') {
            return is_file($this->failHealthFile)
                ? [500, 'text/plain', "failing on purpose\n"]
                : [200, 'text/plain', 'ok'];
        }
        if ($path === '/') {
            return [200, 'application/json', $this->settings->toJson()];
        }
        return [404, 'text/plain', "not found\n"];
    }
}
