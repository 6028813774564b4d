{{- define "gantry.env" -}}
- name: GANTRY_CATALOG
  value: /etc/gantry/catalog.yaml
- name: GANTRY_TEMPORAL_ADDRESS
  value: {{ .Values.temporal.address | quote }}
- name: GANTRY_TEMPORAL_NAMESPACE
  value: {{ .Values.temporal.namespace | quote }}
- name: GANTRY_TASK_QUEUE
  value: {{ .Values.temporal.taskQueue | quote }}
- name: GANTRY_DATA_DIR
  value: /var/lib/gantry
{{- end -}}
