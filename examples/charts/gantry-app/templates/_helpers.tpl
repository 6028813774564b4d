{{- define "gantry-app.name" -}}{{ .Values.service }}-{{ .Values.environment }}{{- end -}}
{{- define "gantry-app.grayWeight" -}}
{{- if and .Values.gray.enabled .Values.gray.image -}}{{ int .Values.gray.weight }}{{- else -}}0{{- end -}}
{{- end -}}
