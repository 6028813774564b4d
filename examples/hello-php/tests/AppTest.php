<?php

declare(strict_types=1);

namespace Hello\Tests;

use Hello\App;
use Hello\Settings;
use PHPUnit\Framework\TestCase;

final class AppTest extends TestCase
{
    private string $failFile;

    protected function setUp(): void
    {
        $this->failFile = sys_get_temp_dir() . '/hello-php-fail-' . bin2hex(random_bytes(6));
    }

    protected function tearDown(): void
    {
        @unlink($this->failFile);
    }

    private function app(): App
    {
        return new App(new Settings('hello-php', 'test', 'reg/hello-php@sha256:abc'), $this->failFile);
    }

    public function testHealthzAnswersOk(): void
    {
        $this->assertSame([200, 'text/plain', 'ok'], $this->app()->handle('GET', '/healthz'));
    }

    public function testHealthzFailsWhenAskedTo(): void
    {
        touch($this->failFile);
        $this->assertSame(500, $this->app()->handle('GET', '/healthz')[0]);
    }

    public function testRootDescribesServiceEnvironmentAndVersion(): void
    {
        [$status, $type, $body] = $this->app()->handle('GET', '/');
        $this->assertSame(200, $status);
        $this->assertSame('application/json', $type);
        $this->assertSame(
            ['service' => 'hello-php', 'env' => 'test', 'version' => 'reg/hello-php@sha256:abc', 'php' => PHP_MAJOR_VERSION . '.' . PHP_MINOR_VERSION],
            json_decode($body, true),
        );
    }

    public function testUnknownPathIsNotFoundAndOnlyGetIsAllowed(): void
    {
        $this->assertSame(404, $this->app()->handle('GET', '/nope')[0]);
        $this->assertSame(405, $this->app()->handle('POST', '/')[0]);
    }

    public function testSettingsTakeTheEnvironmentAndDefaultToDev(): void
    {
        $this->assertSame('prod', Settings::from(['GANTRY_ENV' => 'prod', 'GANTRY_IMAGE' => 'img'])->env);
        $this->assertSame('img', Settings::from(['GANTRY_IMAGE' => 'img'])->version);
        $this->assertSame('dev', Settings::from(['GANTRY_ENV' => false])->env);
    }
}
