/** The office-network calls of the API client, typed by the schemas. */
import type { Attendance, AvailabilityBoard, MeetingDate, Office, OfficeImportResult, PublicCalendar, StatusSheet, Visit, VisitList } from '../../../../schemas/types';
import { api } from '../api';

export const networkApi = {
  offices: (wardId: string) => api.get<{ offices: Office[] }>(`/api/offices?ward=${encodeURIComponent(wardId)}`).then((r) => r.offices),
  createOffice: (body: unknown) => api.post<Office>('/api/offices', body),
  updateOffice: (id: string, body: unknown) => api.put<Office>(`/api/offices/${id}`, body),
  importOffices: (wardId: string, data: string, confirm: boolean) => api.post<OfficeImportResult>('/api/offices/import', { wardId, data, confirm }),
  sheets: (officeId: string) => api.get<StatusSheet[]>(`/api/offices/${officeId}/status-sheets`),
  addSheet: (officeId: string, body: unknown) => api.post<StatusSheet>(`/api/offices/${officeId}/status-sheets`, body),
  visits: (wardId: string, fiscalYear: number) => api.get<VisitList>(`/api/visits?ward=${encodeURIComponent(wardId)}&fiscalYear=${fiscalYear}`),
  addVisit: (body: unknown) => api.post<Visit>('/api/visits', body),
  removeVisit: (id: string) => api.delete<void>(`/api/visits/${id}`),
  attendance: (planId: string) => api.get<{ records: Attendance[] }>(`/api/plans/${planId}/attendance`).then((r) => r.records),
  saveAttendance: (planId: string, rowId: string, month: number, officeIds: string[], version: number | null) => api.put<Attendance>(`/api/plans/${planId}/attendance/${rowId}/${month}`, { officeIds, version }),
  meetings: (planId: string) => api.get<{ dates: MeetingDate[] }>(`/api/plans/${planId}/meetings`).then((r) => r.dates),
  saveMeeting: (planId: string, rowId: string, month: number, body: unknown) => api.put<MeetingDate>(`/api/plans/${planId}/meetings/${rowId}/${month}`, body),
  clearMeeting: (planId: string, rowId: string, month: number, version: number) => api.delete<void>(`/api/plans/${planId}/meetings/${rowId}/${month}?version=${version}`),
  board: (query: string) => api.get<AvailabilityBoard>(`/api/offices/availability${query}`),
  calendar: (fiscalYear: number) => api.get<PublicCalendar>(`/api/calendar?fiscalYear=${fiscalYear}`),
};

/** The office kinds the city knows (the server's list: base kinds plus the city plugin's own). */
export { BASE_OFFICE_KINDS, networkRules } from '../../../../server/core/offices';
