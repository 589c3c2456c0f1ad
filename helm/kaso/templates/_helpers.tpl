{{- define "kaso.fullname" -}}
{{- if contains .Chart.Name .Release.Name -}}{{ .Release.Name | trunc 63 | trimSuffix "-" }}
{{- else -}}{{ printf "%s-%s" .Release.Name .Chart.Name | trunc 63 | trimSuffix "-" }}{{- end -}}
{{- end -}}

{{- define "kaso.serviceAccountName" -}}
{{- if .Values.serviceAccount.create -}}{{ default (include "kaso.fullname" .) .Values.serviceAccount.name }}
{{- else -}}{{ default "default" .Values.serviceAccount.name }}{{- end -}}
{{- end -}}

{{- define "kaso.labels" -}}
app.kubernetes.io/name: kaso
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version }}
{{- end -}}

{{- define "kaso.selectorLabels" -}}
app.kubernetes.io/name: kaso
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end -}}
