<?php

declare(strict_types=1);

namespace Hello;

/** What the service reads from its environment (start.sh exports its first argument as GANTRY_ENV). */
final class Settings
{
    public function __construct(
        public readonly string $service,
        public readonly string $env,
        public readonly string $version,
    ) {
    }

    /** @param array<string, string|false> $env */
    public static function from(array $env): self
    {
        $environment = is_string($env['GANTRY_ENV'] ?? false) && $env['GANTRY_ENV'] !== '' ? $env['GANTRY_ENV'] : 'dev';
        $version = is_string($env['GANTRY_IMAGE'] ?? false) ? $env['GANTRY_IMAGE'] : 'unknown';
        return new self('hello-php', $environment, $version);
    }

    public function toJson(): string
    {
        return json_encode(
            ['service' => $this->service, 'env' => $this->env, 'version' => $this->version, 'php' => PHP_MAJOR_VERSION . '.' . PHP_MINOR_VERSION],
            JSON_UNESCAPED_SLASHES | JSON_THROW_ON_ERROR,
        );
    }
}
