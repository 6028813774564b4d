{{- define "gantry.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{- define "gantry.fullname" -}}
{{- if .Values.fullnameOverride -}}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" -}}
{{- else if contains (include "gantry.name" .) .Release.Name -}}
{{- .Release.Name | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name (include "gantry.name" .) | trunc 63 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}

{{- define "gantry.selectorLabels" -}}
app.kubernetes.io/name: {{ include "gantry.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end -}}

{{- define "gantry.labels" -}}
{{ include "gantry.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" }}
{{- end -}}

{{- define "gantry.image" -}}
{{- if .Values.image.digest -}}
{{ .Values.image.repository }}@{{ .Values.image.digest }}
{{- else -}}
{{ .Values.image.repository }}:{{ .Values.image.tag | default .Chart.AppVersion }}
{{- end -}}
{{- end -}}

{{- define "gantry.serviceAccountName" -}}
{{- if .Values.serviceAccount.create -}}
{{- default (include "gantry.fullname" .) .Values.serviceAccount.name -}}
{{- else -}}
{{- default "default" .Values.serviceAccount.name -}}
{{- end -}}
{{- end -}}

{{- define "gantry.executorNamespace" -}}
{{- default .Release.Namespace .Values.executor.namespace -}}
{{- end -}}

{{- define "gantry.catalogConfigMap" -}}
{{- default (printf "%s-catalog" (include "gantry.fullname" .)) .Values.existingCatalogConfigMap -}}
{{- end -}}

{{/* Checks that JSON Schema cannot express (relations between values); fail early with a sentence. */}}
{{- define "gantry.validate" -}}
{{- if and (not .Values.existingCatalogConfigMap) (empty .Values.catalog) -}}
{{- fail "gantry: set `catalog` (inline) or `existingCatalogConfigMap`: Gantry cannot start without a catalog" -}}
{{- end -}}
{{- if and .Values.worker.build.enabled (eq .Values.worker.build.taskQueue .Values.temporal.taskQueue) -}}
{{- fail (printf "gantry: worker.build.taskQueue (%s) must differ from temporal.taskQueue, or a build surge starves releases" .Values.worker.build.taskQueue) -}}
{{- end -}}
{{- if not .Values.worker.deploy.enabled -}}
{{- fail "gantry: worker.deploy.enabled=false leaves nobody polling temporal.taskQueue: workflows would never run" -}}
{{- end -}}
{{- if and .Values.temporal.tls.enabled (not .Values.temporal.tls.existingSecret) -}}
{{- fail "gantry: temporal.tls.enabled needs temporal.tls.existingSecret (a Secret with tls.crt, tls.key, ca.crt)" -}}
{{- end -}}
{{- with .Values.auth.oidc -}}
{{- if and .issuer (not .audience) -}}
{{- fail "gantry: auth.oidc.issuer is set: give auth.oidc.audience too (what the provider puts in aud for Gantry)" -}}
{{- end -}}
{{- if and .audience (not .issuer) -}}
{{- fail "gantry: auth.oidc.audience is set: give auth.oidc.issuer too (the provider's https issuer URL)" -}}
{{- end -}}
{{- end -}}
{{- with .Values.secrets -}}
{{- if and .argocd.existingSecret (not .argocd.url) -}}
{{- fail "gantry: secrets.argocd.existingSecret is set: give secrets.argocd.url too (GANTRY_ARGOCD_URL)" -}}
{{- end -}}
{{- if and .sonarqube.existingSecret (not .sonarqube.url) -}}
{{- fail "gantry: secrets.sonarqube.existingSecret is set: give secrets.sonarqube.url too (GANTRY_SONAR_URL)" -}}
{{- end -}}
{{- if and .feishu.existingSecret (not .feishu.chatId) -}}
{{- fail "gantry: secrets.feishu.existingSecret is set: give secrets.feishu.chatId, the chat release cards go to" -}}
{{- end -}}
{{- end -}}
{{- range $pool := list "build" "deploy" -}}
{{- $w := index $.Values.worker $pool -}}
{{- if and $w.enabled $w.autoscaling.enabled -}}
{{- if lt (int $w.autoscaling.maxReplicas) (int $w.autoscaling.minReplicas) -}}
{{- fail (printf "gantry: worker.%s.autoscaling.maxReplicas (%v) is below minReplicas (%v)" $pool $w.autoscaling.maxReplicas $w.autoscaling.minReplicas) -}}
{{- end -}}
{{- if and (not $w.autoscaling.targetCPUUtilizationPercentage) (not $w.autoscaling.targetMemoryUtilizationPercentage) (empty $w.autoscaling.extraMetrics) -}}
{{- fail (printf "gantry: worker.%s.autoscaling has no metric: keep targetCPUUtilizationPercentage or give extraMetrics" $pool) -}}
{{- end -}}
{{- end -}}
{{- end -}}
{{- end -}}

{{/* A value from an existing Secret, as an env entry. Args: name, secret, key. */}}
{{- define "gantry.secretEnv" -}}
- name: {{ .name }}
  valueFrom:
    secretKeyRef: { name: {{ .secret | quote }}, key: {{ .key | quote }}{{ if .optional }}, optional: true{{ end }} }
{{- end -}}

{{/* Settings every Gantry process reads (src/config/settings.ts). */}}
{{- define "gantry.commonEnv" -}}
- { name: GANTRY_CATALOG, value: /etc/gantry/catalog/catalog.yaml }
- { name: GANTRY_DATA_DIR, value: /var/lib/gantry }
- { name: GANTRY_TEMPORAL_ADDRESS, value: {{ .Values.temporal.address | quote }} }
- { name: GANTRY_TEMPORAL_NAMESPACE, value: {{ .Values.temporal.namespace | quote }} }
- { name: GANTRY_TEMPORAL_UI_URL, value: {{ .Values.temporal.uiUrl | quote }} }
{{- if .Values.worker.build.enabled }}
# The server passes it to each pipeline, whose workflow routes the build steps there.
- { name: GANTRY_BUILD_TASK_QUEUE, value: {{ .Values.worker.build.taskQueue | quote }} }
{{- end }}
- { name: GANTRY_METRICS_HOST, value: 0.0.0.0 }
- { name: GANTRY_METRICS_PORT, value: {{ .Values.metrics.port | quote }} }
{{- with .Values.git.repoBase }}
- { name: GANTRY_REPO_BASE, value: {{ . | quote }} }
{{- end }}
{{- with .Values.git.gitOpsRemote }}
- { name: GANTRY_GITOPS_REMOTE, value: {{ . | quote }} }
{{- end }}
{{- with .Values.server.publicUrl }}
- { name: GANTRY_API_URL, value: {{ . | quote }} }
{{- end }}
{{- if .Values.temporal.tls.enabled }}
- { name: GANTRY_TEMPORAL_TLS_CERT, value: /etc/gantry/temporal-tls/tls.crt }
- { name: GANTRY_TEMPORAL_TLS_KEY, value: /etc/gantry/temporal-tls/tls.key }
- { name: GANTRY_TEMPORAL_TLS_CA, value: /etc/gantry/temporal-tls/ca.crt }
{{- with .Values.temporal.tls.serverName }}
- { name: GANTRY_TEMPORAL_TLS_SERVER_NAME, value: {{ . | quote }} }
{{- end }}
{{- end }}
# git and node write their caches under HOME; the root filesystem is read-only.
- { name: HOME, value: /tmp }
{{- with .Values.secrets.feishu }}
{{- if .existingSecret }}
# Every process validates the same settings: workers post cards, the server verifies card callbacks.
- { name: GANTRY_NOTIFIER, value: feishu }
- { name: GANTRY_FEISHU_BASE_URL, value: {{ .baseUrl | quote }} }
- { name: GANTRY_FEISHU_CHAT_ID, value: {{ .chatId | quote }} }
{{ include "gantry.secretEnv" (dict "name" "GANTRY_FEISHU_APP_ID" "secret" .existingSecret "key" .appIdKey) }}
{{ include "gantry.secretEnv" (dict "name" "GANTRY_FEISHU_APP_SECRET" "secret" .existingSecret "key" .appSecretKey) }}
{{ include "gantry.secretEnv" (dict "name" "GANTRY_FEISHU_VERIFICATION_TOKEN" "secret" .existingSecret "key" .verificationTokenKey) }}
{{ include "gantry.secretEnv" (dict "name" "GANTRY_FEISHU_ENCRYPT_KEY" "secret" .existingSecret "key" .encryptKeyKey "optional" true) }}
{{ include "gantry.secretEnv" (dict "name" "GANTRY_FEISHU_BOT_WEBHOOK" "secret" .existingSecret "key" .botWebhookKey "optional" true) }}
{{ include "gantry.secretEnv" (dict "name" "GANTRY_FEISHU_BOT_SECRET" "secret" .existingSecret "key" .botSecretKey "optional" true) }}
{{- end }}
{{- end }}
{{- end -}}

{{/* Volumes every Gantry pod mounts. */}}
{{- define "gantry.commonVolumes" -}}
- name: catalog
  configMap: { name: {{ include "gantry.catalogConfigMap" . }} }
- name: data
  emptyDir: {}
- name: tmp
  emptyDir: {}
{{- if .Values.temporal.tls.enabled }}
- name: temporal-tls
  secret: { secretName: {{ .Values.temporal.tls.existingSecret | quote }}, defaultMode: 0400 }
{{- end }}
{{- end -}}

{{- define "gantry.commonMounts" -}}
- { name: catalog, mountPath: /etc/gantry/catalog, readOnly: true }
- { name: data, mountPath: /var/lib/gantry }
- { name: tmp, mountPath: /tmp }
{{- if .Values.temporal.tls.enabled }}
- { name: temporal-tls, mountPath: /etc/gantry/temporal-tls, readOnly: true }
{{- end }}
{{- end -}}

{{/* Restarts pods when the inline catalog changes (a mounted ConfigMap is not re-read by a running process). */}}
{{- define "gantry.podAnnotations" -}}
checksum/catalog: {{ toYaml .Values.catalog | sha256sum }}
{{- end -}}

{{/* The server's authentication (issue 8): the shared OIDC mode and the mounted token store. */}}
{{- define "gantry.authEnv" -}}
{{- $a := .Values.auth -}}
- { name: GANTRY_AUTH_MODE, value: {{ $a.mode | quote }} }
{{- with $a.oidc.issuer }}
- { name: GANTRY_AUTH_ISSUER, value: {{ . | quote }} }
{{- end }}
{{- with $a.oidc.audience }}
- { name: GANTRY_AUTH_AUDIENCE, value: {{ . | quote }} }
{{- end }}
- { name: GANTRY_AUTH_CLAIM, value: {{ $a.oidc.claim | quote }} }
{{- with $a.oidc.personField }}
- { name: GANTRY_AUTH_PERSON_FIELD, value: {{ . | quote }} }
{{- end }}
- { name: GANTRY_AUTH_ALGORITHMS, value: {{ join "," $a.oidc.algorithms | quote }} }
- { name: GANTRY_AUTH_CLOCK_SKEW, value: {{ $a.oidc.clockSkew | quote }} }
- { name: GANTRY_AUTH_CLI_CLIENT_ID, value: {{ $a.cli.clientId | quote }} }
- { name: GANTRY_AUTH_CLI_SCOPES, value: {{ $a.cli.scopes | quote }} }
{{- if $a.tokenStore.existingSecret }}
- { name: GANTRY_AUTH_TOKEN_STORE, value: {{ printf "/etc/gantry/auth/%s" $a.tokenStore.key | quote }} }
{{- end }}
{{- end -}}
